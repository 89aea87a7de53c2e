using System.Text.RegularExpressions;
using FluxMirror.TestSupport.Schemas;

namespace FluxMirror.Tests.Unit.Architecture;

/// <summary>
/// The parts of the house style (.editorconfig) that need the compiler's view of a file, checked on the text instead:
/// .ci/run verifies whitespace with `dotnet format whitespace`, the build turns analyzer warnings into errors, and
/// these tests keep the rest (import order, file-scoped namespaces, imports outside the namespace) without a second
/// compilation of the solution in CI.
/// </summary>
public sealed partial class HouseStyleTests
{
    [Fact]
    public void Imports_are_sorted_with_System_first()
    {
        var wrong = SourceFiles()
            .Select(f => (File: f, Imports: ImportsOf(File.ReadAllLines(f))))
            .Where(x => !x.Imports.SequenceEqual(x.Imports.Order(ImportOrder.Instance)))
            .Select(x => Relative(x.File))
            .ToList();

        Assert.True(wrong.Count == 0, "imports out of order (System first, then by name; static, then aliases last): "
            + string.Join(", ", wrong));
    }

    [Fact]
    public void Namespaces_are_file_scoped_and_imports_stay_outside_them()
    {
        var wrong = new List<string>();
        foreach (var file in SourceFiles())
        {
            var lines = File.ReadAllLines(file);
            var ns = Array.FindIndex(lines, l => NamespaceLine().IsMatch(l));
            if (ns < 0 || lines.Count(l => NamespaceLine().IsMatch(l)) > 1)
            {
                // No namespace, or several in one file (the architecture test's cycle probe): only braces can do that.
                continue;
            }

            if (!lines[ns].TrimEnd().EndsWith(';'))
            {
                wrong.Add(Relative(file) + ": block-scoped namespace");
            }
            else if (lines.Skip(ns + 1).Any(l => ImportLine().IsMatch(l)))
            {
                wrong.Add(Relative(file) + ": import inside the namespace");
            }
        }

        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
    }

    [Fact]
    public void The_order_check_refuses_what_dotnet_format_would_change()
    {
        string[] reversed = ["using Npgsql;", "using System.Globalization;", "", "namespace X;"];
        string[] staticFirst = ["using static System.Math;", "using System;", "namespace X;"];
        string[] good = ["using System;", "using System.IO;", "using Akka.Actor;", "using akka2;", "using static System.Math;",
            "using Alias = System.String;", "namespace X;"];

        Assert.False(IsSorted(reversed));
        Assert.False(IsSorted(staticFirst));
        Assert.True(IsSorted(good));
        Assert.Equal(6, ImportsOf(good).Count);
    }

    private static bool IsSorted(string[] lines)
    {
        var imports = ImportsOf(lines);
        return imports.SequenceEqual(imports.Order(ImportOrder.Instance));
    }

    /// <summary>The file's leading import directives, up to the first line of code.</summary>
    private static List<string> ImportsOf(IEnumerable<string> lines)
    {
        var imports = new List<string>();
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (ImportLine().IsMatch(raw))
            {
                imports.Add(line);
            }
            else if (line.Length > 0 && !line.StartsWith("//", StringComparison.Ordinal) && !line.StartsWith('#'))
            {
                break;
            }
        }

        return imports;
    }

    private static readonly string[] SourceRoots = ["src", "tests", "bench"];

    private static IEnumerable<string> SourceFiles() =>
        SourceRoots
            .Select(d => RepositoryFiles.PathOf(d))
            .Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj"));

    private static string Relative(string file) => Path.GetRelativePath(RepositoryFiles.RepositoryRoot, file);

    [GeneratedRegex(@"^using (static )?[A-Za-z_][\w.]*( = [\w.:<>, ]+)?;\s*$")]
    private static partial Regex ImportLine();

    [GeneratedRegex(@"^namespace [\w.]+\s*(;|\{)?\s*$")]
    private static partial Regex NamespaceLine();

    /// <summary>Roslyn's order for `dotnet_sort_system_directives_first`: namespaces (System first), static, aliases.</summary>
    private sealed class ImportOrder : IComparer<string>
    {
        public static readonly ImportOrder Instance = new();

        public int Compare(string? x, string? y)
        {
            var (kx, nx) = Parse(x!);
            var (ky, ny) = Parse(y!);
            if (kx != ky)
            {
                return kx.CompareTo(ky);
            }

            var sx = IsSystem(nx);
            var sy = IsSystem(ny);
            if (sx != sy && kx != 2)
            {
                return sx ? -1 : 1;
            }

            var byName = string.Compare(nx, ny, StringComparison.OrdinalIgnoreCase);
            return byName != 0 ? byName : string.CompareOrdinal(nx, ny);
        }

        /// <summary>Kind (0 namespace, 1 static, 2 alias) and the name sorted by (the alias for an alias).</summary>
        private static (int Kind, string Name) Parse(string import)
        {
            var body = import["using ".Length..].TrimEnd(';').Trim();
            if (body.StartsWith("static ", StringComparison.Ordinal))
            {
                return (1, body["static ".Length..]);
            }

            var eq = body.IndexOf(" = ", StringComparison.Ordinal);
            return eq >= 0 ? (2, body[..eq]) : (0, body);
        }

        private static bool IsSystem(string name) => name == "System" || name.StartsWith("System.", StringComparison.Ordinal);
    }
}
