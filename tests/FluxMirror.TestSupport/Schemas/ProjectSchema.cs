using System.Text.Json.Nodes;
using Json.Schema;

namespace FluxMirror.TestSupport.Schemas;

/// <summary>The JSON Schemas this project ships in <c>schemas/</c>: the config it reads and the report it writes.</summary>
public sealed class ProjectSchema
{
    public static readonly ProjectSchema Config = new("config-v1beta1.json");

    public static readonly ProjectSchema Report = new("report-v1beta1.json");

    private readonly Lazy<JsonSchema> _schema;

    private ProjectSchema(string file) =>
        _schema = new(() => JsonSchema.FromText(File.ReadAllText(RepositoryFiles.PathOf("schemas", file))));

    /// <summary>The schema's errors for a document, one line each; empty when it validates.</summary>
    public IReadOnlyList<string> Errors(JsonNode? document)
    {
        var result = _schema.Value.Evaluate(document, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return result.IsValid
            ? []
            : [.. result.Details.Where(d => d.HasErrors).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))];
    }

    public void AssertValid(string json)
    {
        var errors = Errors(JsonNode.Parse(json));
        Assert.True(errors.Count == 0, "does not validate: " + string.Join("; ", errors));
    }
}
