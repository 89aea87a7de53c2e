namespace FluxMirror.Domain.Selection;

internal enum ConstraintOperator
{
    /// <summary>"" or "=": equality, or tilde when the version has wildcards.</summary>
    TildeOrEqual,
    NotEqual,
    GreaterThan,
    LessThan,
    GreaterThanOrEqual,
    LessThanOrEqual,
    Tilde,
    Caret,
}

/// <summary>
/// One comparison of a Masterminds constraint, e.g. "&gt;=1.2" or "~1.x". Wildcards and missing parts make it
/// "dirty": 1.x holds 1.0.0 with MinorDirty, 1.2 holds 1.2.0 with PatchDirty, * holds 0.0.0 with neither.
/// </summary>
internal sealed record ConstraintTerm(
    ConstraintOperator Operator, LenientVersion Version, string Original, bool Dirty, bool MinorDirty, bool PatchDirty)
{
    /// <summary>
    /// Masterminds v3 (3.4+) check functions. A prerelease version only passes when its AND group mentions a
    /// prerelease somewhere (<paramref name="includePrerelease"/>).
    /// </summary>
    public bool Admits(LenientVersion v, bool includePrerelease)
    {
        if (v.Prerelease.Length > 0 && !includePrerelease)
        {
            return false;
        }
        return Operator switch
        {
            ConstraintOperator.TildeOrEqual => Dirty ? Tilde(v) : v.CompareTo(Version) == 0,
            ConstraintOperator.NotEqual => NotEqual(v),
            ConstraintOperator.GreaterThan => GreaterThan(v),
            ConstraintOperator.LessThan => v.CompareTo(Version) < 0,
            ConstraintOperator.GreaterThanOrEqual => v.CompareTo(Version) >= 0,
            ConstraintOperator.LessThanOrEqual => LessThanOrEqual(v),
            ConstraintOperator.Tilde => Tilde(v),
            _ => Caret(v),
        };
    }

    private bool NotEqual(LenientVersion v)
    {
        if (Dirty)
        {
            if (Version.Major != v.Major)
            {
                return true;
            }
            if (Version.Minor != v.Minor && !MinorDirty)
            {
                return true;
            }
            if (MinorDirty)
            {
                return false;
            }
            if (Version.Patch != v.Patch && !PatchDirty)
            {
                return true;
            }
            if (PatchDirty)
            {
                return (v.Prerelease.Length > 0 || Version.Prerelease.Length > 0)
                    && LenientVersion.ComparePrerelease(v.Prerelease, Version.Prerelease) != 0;
            }
        }
        return v.CompareTo(Version) != 0;
    }

    // >1.x means >=2.0.0 and >1.2.x means >=1.3.0: a dirty bound excludes its whole wildcard range.
    private bool GreaterThan(LenientVersion v)
    {
        if (!Dirty || v.Major != Version.Major)
        {
            return Dirty ? v.Major > Version.Major : v.CompareTo(Version) > 0;
        }
        if (MinorDirty)
        {
            return false;
        }
        return PatchDirty ? v.Minor > Version.Minor : v.CompareTo(Version) > 0;
    }

    // <=1.x means <2.0.0 and <=1.2.x means <1.3.0.
    private bool LessThanOrEqual(LenientVersion v)
    {
        if (!Dirty)
        {
            return v.CompareTo(Version) <= 0;
        }
        if (v.Major > Version.Major)
        {
            return false;
        }
        return !(v.Major == Version.Major && v.Minor > Version.Minor && !MinorDirty);
    }

    // ~1.2.3 = >=1.2.3 <1.3.0, ~1 = >=1 <2, and ~0.0.0 (not wildcarded) admits everything.
    private bool Tilde(LenientVersion v)
    {
        if (v.CompareTo(Version) < 0)
        {
            return false;
        }
        if (Version is { Major: 0, Minor: 0, Patch: 0 } && !MinorDirty && !PatchDirty)
        {
            return true;
        }
        return v.Major == Version.Major && (v.Minor == Version.Minor || MinorDirty);
    }

    // ^1.2.3 = >=1.2.3 <2.0.0, ^0.2.3 = >=0.2.3 <0.3.0, ^0.0.3 = =0.0.3, ^0.0 = >=0.0.0 <0.1.0.
    private bool Caret(LenientVersion v)
    {
        if (v.CompareTo(Version) < 0)
        {
            return false;
        }
        if (Version.Major > 0 || MinorDirty)
        {
            return v.Major == Version.Major;
        }
        if (v.Major > 0)
        {
            return false;
        }
        if (Version.Minor > 0 || PatchDirty)
        {
            return v.Minor == Version.Minor;
        }
        return v.Minor == 0 && Version.Patch == v.Patch;
    }
}
