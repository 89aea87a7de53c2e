using System.Text;
using System.Text.Json.Nodes;
using FluxMirror.Domain.Signatures.Cosign;

namespace FluxMirror.Tests.Unit.Domain.Signatures.Cosign;

public sealed class RekorBundleAnnotationTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"apiVersion":"0.0.1","kind":"hashedrekord","spec":{}}""");
    private static readonly byte[] Set = [1, 2, 3, 4];
    private const string LogId = "c0d23d6ad406973f9559f3ba2d1ca01f84147d8ffc5b8445c224f98b9591801d";

    [Fact]
    public void Reads_cosigns_bundle_and_describes_its_log_entry_with_the_set_only()
    {
        var bundle = RekorBundleAnnotation.Parse(Json().ToJsonString());

        Assert.Equal(Set, bundle.SignedEntryTimestamp);
        Assert.Equal(Body, bundle.Body);
        Assert.Equal(1_700_000_000, bundle.IntegratedTime);
        Assert.Equal(42, bundle.LogIndex);
        Assert.Equal(Convert.FromHexString(LogId), bundle.LogId);
        var entry = bundle.ToTlogEntry();
        Assert.Equal(("hashedrekord", "0.0.1", 42L, 1_700_000_000L), (entry.Kind, entry.KindVersion, entry.LogIndex, entry.IntegratedTime));
        Assert.Equal(Set, entry.SignedEntryTimestamp);
        Assert.Equal(Body, entry.CanonicalizedBody);
        Assert.Equal(Convert.FromHexString(LogId), entry.LogId);
        Assert.Null(entry.InclusionProof);
    }

    [Theory]
    [InlineData("SignedEntryTimestamp", null, "missing SignedEntryTimestamp")]
    [InlineData("SignedEntryTimestamp", "%%%", "SignedEntryTimestamp is not base64")]
    [InlineData("Payload.body", null, "missing body")]
    [InlineData("Payload.body", 5, "Payload.body is not a string")]
    [InlineData("Payload.integratedTime", "soon", "Payload.integratedTime is not an integer")]
    [InlineData("Payload.logIndex", null, "missing logIndex")]
    [InlineData("Payload.logID", "xyz", "Payload.logID is not hex")]
    [InlineData("Payload", "flat", "Payload is not an object")]
    public void Refuses_a_bundle_with_a_field_missing_or_malformed(string field, object? value, string message)
    {
        var json = Json();
        var (parent, name) = field.StartsWith("Payload.", StringComparison.Ordinal) ? (json["Payload"]!.AsObject(), field["Payload.".Length..]) : (json, field);
        if (value is null)
        {
            parent.Remove(name);
        }
        else
        {
            parent[name] = value is int number ? JsonValue.Create(number) : JsonValue.Create((string)value);
        }

        var error = Assert.Throws<FormatException>(() => RekorBundleAnnotation.Parse(json.ToJsonString()));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Refuses_a_body_that_is_not_a_rekor_entry()
    {
        var bundle = RekorBundleAnnotation.Parse(Json("""{"apiVersion":"0.0.1"}""").ToJsonString());

        Assert.Equal("missing kind", Assert.Throws<FormatException>(bundle.ToTlogEntry).Message);
    }

    private static JsonObject Json(string? body = null) => new()
    {
        ["SignedEntryTimestamp"] = Convert.ToBase64String(Set),
        ["Payload"] = new JsonObject
        {
            ["body"] = Convert.ToBase64String(body is null ? Body : Encoding.UTF8.GetBytes(body)),
            ["integratedTime"] = 1_700_000_000,
            ["logIndex"] = 42,
            ["logID"] = LogId,
        },
    };
}
