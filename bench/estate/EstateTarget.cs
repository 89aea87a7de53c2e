namespace FluxMirror.Bench.Estate;

/// <summary>One of issue 14's "done when" lines: flux-mirror's value against the limit, and the floor's for comparison.</summary>
internal sealed record EstateTarget(string Name, double Limit, double FluxMirror, double? Floor)
{
    public bool Met => FluxMirror <= Limit;
}
