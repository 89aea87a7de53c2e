namespace FluxMirror.Domain.Charts;

/// <summary>
/// Helm's chart metadata (<c>Chart.yaml</c>, also every version entry of an <c>index.yaml</c>), with the fields of
/// Helm v4's chart v2 <c>Metadata</c>. Empty strings mean "unset", as in Go; list items may be null before validation.
/// </summary>
internal sealed record ChartMetadata
{
    public string Name { get; init; } = string.Empty;

    public string Home { get; init; } = string.Empty;

    public IReadOnlyList<string>? Sources { get; init; }

    public string Version { get; init; } = string.Empty;

    public string Description { get; init; } = string.Empty;

    public IReadOnlyList<string>? Keywords { get; init; }

    public IReadOnlyList<ChartMaintainer?>? Maintainers { get; init; }

    public string Icon { get; init; } = string.Empty;

    public string ApiVersion { get; init; } = string.Empty;

    public string Condition { get; init; } = string.Empty;

    public string Tags { get; init; } = string.Empty;

    public string AppVersion { get; init; } = string.Empty;

    public bool Deprecated { get; init; }

    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    public string KubeVersion { get; init; } = string.Empty;

    public IReadOnlyList<ChartDependency?>? Dependencies { get; init; }

    public string Type { get; init; } = string.Empty;
}

internal sealed record ChartMaintainer(string Name = "", string Email = "", string Url = "");

/// <summary>A dependency entry; <see cref="ImportValues"/> holds free-form values (strings or child/parent maps).</summary>
internal sealed record ChartDependency
{
    public string Name { get; init; } = string.Empty;

    public string Version { get; init; } = string.Empty;

    public string Repository { get; init; } = string.Empty;

    public string Condition { get; init; } = string.Empty;

    public IReadOnlyList<string>? Tags { get; init; }

    public bool Enabled { get; init; }

    public IReadOnlyList<object?>? ImportValues { get; init; }

    public string Alias { get; init; } = string.Empty;

    public IReadOnlyList<string>? DependsOn { get; init; }
}
