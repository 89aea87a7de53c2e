using System.Text.Json.Nodes;
using Json.Schema;

namespace FluxMirror.TestSupport.Schemas;

/// <summary>Validates report JSON against the reference's published report-v1beta1 schema.</summary>
public static class ReportSchema
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromText(File.ReadAllText(SpecFiles.Spec("flux-mirror", "report-v1beta1.json"))));

    public static void AssertValid(string json)
    {
        var result = Schema.Value.Evaluate(JsonNode.Parse(json), new EvaluationOptions { OutputFormat = OutputFormat.List });
        var errors = result.Details.Where(d => d.HasErrors).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"));
        Assert.True(result.IsValid, "report does not validate: " + string.Join("; ", errors));
    }
}
