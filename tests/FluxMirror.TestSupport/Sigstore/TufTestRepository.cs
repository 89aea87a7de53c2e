using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using FluxMirror.Domain.Signatures.Tuf;

namespace FluxMirror.TestSupport.Sigstore;

/// <summary>
/// The files of a small TUF repository with consistent snapshots, built and signed with the test's own keys: a root
/// history (<c>1.root.json</c>, rotations to 2, 3 …), <c>timestamp.json</c>, <c>&lt;v&gt;.snapshot.json</c>,
/// <c>&lt;v&gt;.targets.json</c> and <c>targets/&lt;sha256&gt;.&lt;name&gt;</c>. Tests change versions, expiries,
/// keys and targets, <see cref="Publish"/>, and may <see cref="Overwrite"/> a published file to tamper with it.
/// Served by <see cref="TufRepositoryServer"/>.
/// </summary>
public sealed class TufTestRepository : IDisposable
{
    private static readonly JsonSerializerOptions IndentedJson = new() { WriteIndented = true };
    private readonly List<byte[]> _roots = [];
    private readonly List<TufSigningKey> _allKeys = [];
    private readonly Dictionary<string, byte[]> _targets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private IReadOnlyList<TufSigningKey> _rootKeys;
    private int _rootThreshold;

    /// <param name="now">Expiries default to a year after this.</param>
    /// <param name="targetsKeys">Keys of the targets role (Ed25519); the role's threshold is <paramref name="targetsThreshold"/>.</param>
    public TufTestRepository(DateTimeOffset now, int targetsKeys = 1, int targetsThreshold = 1)
    {
        var expiry = now.AddYears(1);
        RootExpires = TimestampExpires = SnapshotExpires = TargetsExpires = expiry;
        _rootKeys = [Track(TufSigningKey.Ecdsa())];
        _rootThreshold = 1;
        TimestampKey = Track(TufSigningKey.Ed25519());
        SnapshotKey = Track(TufSigningKey.Ecdsa());
        TargetsKeys = Enumerable.Range(0, targetsKeys).Select(_ => Track(TufSigningKey.Ed25519())).ToArray();
        TargetsThreshold = targetsThreshold;
        TargetsSigners = TargetsKeys;
        _roots.Add(SignedRoot(1, _rootKeys));
        Publish();
    }

    public DateTimeOffset RootExpires { get; set; }

    public DateTimeOffset TimestampExpires { get; set; }

    public DateTimeOffset SnapshotExpires { get; set; }

    public DateTimeOffset TargetsExpires { get; set; }

    public long TimestampVersion { get; set; } = 1;

    public long SnapshotVersion { get; set; } = 1;

    public long TargetsVersion { get; set; } = 1;

    public TufSigningKey TimestampKey { get; private set; }

    public TufSigningKey SnapshotKey { get; private set; }

    public IReadOnlyList<TufSigningKey> TargetsKeys { get; }

    public int TargetsThreshold { get; }

    /// <summary>Which keys sign targets.json at the next <see cref="Publish"/> (repeats allowed).</summary>
    public IReadOnlyList<TufSigningKey> TargetsSigners { get; set; }

    public IReadOnlyList<TufSigningKey> RootKeys => _rootKeys;

    /// <summary>Delegated roles targets.json lists (paths <c>*</c>, no keys, no files published for them).</summary>
    public IReadOnlyList<string> DelegatedRoles { get; set; } = [];

    /// <summary>The newest root version published.</summary>
    public long RootVersion => _roots.Count;

    /// <summary>The first root, what a client trusts out of band.</summary>
    public byte[] InitialRoot => _roots[0];

    /// <summary>Path under the server (<c>3.root.json</c>, <c>timestamp.json</c>, <c>targets/&lt;sha256&gt;.name</c>) → bytes.</summary>
    public IReadOnlyDictionary<string, byte[]> Files => _files;

    public void SetTarget(string name, byte[] content) => _targets[name] = content;

    /// <summary>
    /// Publishes root version n+1 with <paramref name="threshold"/> of <paramref name="newKeyCount"/> fresh ECDSA root
    /// keys, signed by every old and every new root key (as a rotation must be) unless told otherwise.
    /// </summary>
    /// <param name="rotateOnlineKeys">Also replace the timestamp and snapshot keys.</param>
    public void RotateRoot(int newKeyCount = 1, int threshold = 1, bool rotateOnlineKeys = false, bool signWithOldKeys = true, bool signWithNewKeys = true)
    {
        var previous = _rootKeys;
        _rootKeys = Enumerable.Range(0, newKeyCount).Select(_ => Track(TufSigningKey.Ecdsa())).ToArray();
        _rootThreshold = threshold;
        if (rotateOnlineKeys)
        {
            TimestampKey = Track(TufSigningKey.Ed25519());
            SnapshotKey = Track(TufSigningKey.Ecdsa());
        }

        var signers = (signWithOldKeys ? previous : []).Concat(signWithNewKeys ? _rootKeys : []);
        _roots.Add(SignedRoot(_roots.Count + 1, signers));
        Publish();
    }

    /// <summary>Signs and publishes targets, snapshot and timestamp at the current versions and expiries.</summary>
    public void Publish()
    {
        for (var version = 1; version <= _roots.Count; version++)
        {
            _files[$"{version}.root.json"] = _roots[version - 1];
        }

        var targets = new JsonObject();
        foreach (var (name, content) in _targets)
        {
            var sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
            targets[name] = new JsonObject
            {
                ["length"] = content.Length,
                ["hashes"] = new JsonObject { ["sha256"] = sha256, ["sha512"] = Convert.ToHexStringLower(SHA512.HashData(content)) },
            };
            _files[$"targets/{sha256}.{name}"] = content;
        }

        var delegations = new JsonObject
        {
            ["keys"] = new JsonObject(),
            ["roles"] = new JsonArray(DelegatedRoles.Select(name => (JsonNode)new JsonObject
            {
                ["name"] = name,
                ["keyids"] = new JsonArray(),
                ["threshold"] = 1,
                ["paths"] = new JsonArray("*"),
                ["terminating"] = false,
            }).ToArray()),
        };
        var targetsFile = Envelope(Signed("targets", TargetsVersion, TargetsExpires, ("targets", targets), ("delegations", delegations)), TargetsSigners);
        _files[$"{TargetsVersion}.targets.json"] = targetsFile;
        var snapshotFile = Envelope(Signed("snapshot", SnapshotVersion, SnapshotExpires, ("meta", Meta("targets.json", TargetsVersion, targetsFile))), [SnapshotKey]);
        _files[$"{SnapshotVersion}.snapshot.json"] = snapshotFile;
        _files["timestamp.json"] = Envelope(Signed("timestamp", TimestampVersion, TimestampExpires, ("meta", Meta("snapshot.json", SnapshotVersion, snapshotFile))), [TimestampKey]);
    }

    /// <summary>Serves <paramref name="content"/> at <paramref name="path"/> instead of what was published.</summary>
    public void Overwrite(string path, byte[] content) => _files[path] = content;

    public void Remove(string path) => _files.TryRemove(path, out _);

    /// <summary>The published metadata file with every signature changed in its last byte (right key ids, bad signatures).</summary>
    public void CorruptSignatures(string path)
    {
        var document = JsonNode.Parse(_files[path])!;
        foreach (var signature in document["signatures"]!.AsArray())
        {
            var hex = Convert.FromHexString((string)signature!["sig"]!);
            hex[^1] ^= 0x01;
            signature["sig"] = Convert.ToHexStringLower(hex);
        }

        _files[path] = JsonSerializer.SerializeToUtf8Bytes(document, IndentedJson);
    }

    /// <summary>The published file with one byte changed and the same length (a tampered mirror).</summary>
    public void Tamper(string path)
    {
        var content = (byte[])_files[path].Clone();
        var at = Array.LastIndexOf(content, (byte)'}');
        content[at > 0 ? at - 1 : content.Length - 1] ^= 0x01;
        _files[path] = content;
    }

    public void Dispose()
    {
        foreach (var key in _allKeys)
        {
            key.Dispose();
        }
    }

    private byte[] SignedRoot(long version, IEnumerable<TufSigningKey> signers)
    {
        var keys = new JsonObject();
        foreach (var key in _rootKeys.Append(TimestampKey).Append(SnapshotKey).Concat(TargetsKeys))
        {
            keys[key.KeyId] = key.PublicKey();
        }

        var roles = new JsonObject
        {
            ["root"] = Role(_rootKeys, _rootThreshold),
            ["timestamp"] = Role([TimestampKey], 1),
            ["snapshot"] = Role([SnapshotKey], 1),
            ["targets"] = Role(TargetsKeys, TargetsThreshold),
        };
        return Envelope(Signed("root", version, RootExpires, ("consistent_snapshot", true), ("keys", keys), ("roles", roles)), signers);
    }

    private static JsonObject Role(IEnumerable<TufSigningKey> keys, int threshold) => new()
    {
        ["keyids"] = new JsonArray(keys.Select(k => (JsonNode)k.KeyId).ToArray()),
        ["threshold"] = threshold,
    };

    private static JsonObject Meta(string name, long version, byte[] file) => new()
    {
        [name] = new JsonObject
        {
            ["version"] = version,
            ["length"] = file.Length,
            ["hashes"] = new JsonObject { ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(file)) },
        },
    };

    private static JsonObject Signed(string type, long version, DateTimeOffset expires, params (string Name, JsonNode Value)[] fields)
    {
        var signed = new JsonObject
        {
            ["_type"] = type,
            ["spec_version"] = "1.0",
            ["version"] = version,
            ["expires"] = expires.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        };
        foreach (var (name, value) in fields)
        {
            signed[name] = value;
        }

        return signed;
    }

    /// <summary>Indented JSON like real repositories publish; the signatures cover the canonical form of <c>signed</c>.</summary>
    private static byte[] Envelope(JsonObject signed, IEnumerable<TufSigningKey> signers)
    {
        var canonical = CanonicalJson.Encode(JsonSerializer.SerializeToElement(signed));
        var envelope = new JsonObject
        {
            ["signatures"] = new JsonArray(signers.Select(k => (JsonNode)new JsonObject { ["keyid"] = k.KeyId, ["sig"] = k.Sign(canonical) }).ToArray()),
            ["signed"] = signed,
        };
        return JsonSerializer.SerializeToUtf8Bytes(envelope, IndentedJson);
    }

    private TufSigningKey Track(TufSigningKey key)
    {
        _allKeys.Add(key);
        return key;
    }
}
