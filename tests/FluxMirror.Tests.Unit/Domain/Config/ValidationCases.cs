namespace FluxMirror.Tests.Unit.Domain.Config;

/// <summary>Each case: a config body (appended to the apiVersion/kind header unless it starts with "apiVersion")
/// and the exact expected message, or "" when the config is valid. A trailing "*" means "starts with" — used
/// where the tail comes from the selector engine (regex/semver), which owns that wording.</summary>
internal static class ValidationCases
{
    private const string A = ConfigText.Artifact;
    private const string Repo = "`abcdefghijklmnopqrstuvwxyz0123456789_-./`";
    private const string Oci = "(use 'artifacts' to mirror an OCI Helm chart to another OCI repository)";
    private const string TdChars = "trust domain characters are limited to lowercase letters, numbers, dots, dashes, and underscores";

    public static TheoryData<string, string, string> All()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (name, body, expected) in TopLevel().Concat(Hosts()).Concat(Credentials()).Concat(Tls())
                     .Concat(Charts()).Concat(Artifacts()).Concat(Ordering()))
        {
            data.Add(name, body, expected);
        }

        return data;
    }

    private static IEnumerable<(string, string, string)> TopLevel() =>
    [
        ("apiVersion wrong", "apiVersion: v1\nkind: Config\n" + A, "apiVersion must be \"mirror.plugin.fluxcd.io/v1beta1\", got \"v1\""),
        ("apiVersion missing", "kind: Config\n" + A, "apiVersion must be \"mirror.plugin.fluxcd.io/v1beta1\", got \"\""),
        ("apiVersion old group", "apiVersion: mirror.fluxcd.io/v1alpha1\nkind: Config\n" + A, "apiVersion must be \"mirror.plugin.fluxcd.io/v1beta1\", got \"mirror.fluxcd.io/v1alpha1\""),
        ("apiVersion checked before kind", "apiVersion: x\nkind: y\n", "apiVersion must be \"mirror.plugin.fluxcd.io/v1beta1\", got \"x\""),
        ("kind wrong", "apiVersion: mirror.plugin.fluxcd.io/v1beta1\nkind: Report\n" + A, "kind must be \"Config\", got \"Report\""),
        ("kind is case-sensitive", "apiVersion: mirror.plugin.fluxcd.io/v1beta1\nkind: config\n" + A, "kind must be \"Config\", got \"config\""),
        ("no entries", "hosts: [{host: h.example, provider: ecr}]\n", "config has no entries: at least one of 'charts' or 'artifacts' must be set"),
        ("empty entry lists", "artifacts: []\ncharts: []\n", "config has no entries: at least one of 'charts' or 'artifacts' must be set"),
        ("null entry lists", "artifacts: ~\ncharts: null\n", "config has no entries: at least one of 'charts' or 'artifacts' must be set"),
        ("artifact only is valid", A, ""),
    ];

    private static IEnumerable<(string, string, string)> Hosts() =>
    [
        ("host missing", A + "hosts: [{credential: {value: t}}]", "hosts[0]: host is required"),
        ("host whitespace only", A + "hosts: [{host: '   ', credential: {value: t}}]", "hosts[0]: host is required"),
        ("username requires credential", A + "hosts: [{host: h.example, username: u, maxChunkSize: 5}]", "hosts[0]: username requires credential"),
        ("whitespace username is unset", A + "hosts: [{host: h.example, username: ' ', maxChunkSize: 5}]", ""),
        ("credential and provider", A + "hosts: [{host: h.example, credential: {value: t}, provider: ecr}]", "hosts[0]: credential and provider are mutually exclusive"),
        ("provider and tls", A + "hosts: [{host: h.example, provider: ecr, tls: {serverAuth: {value: pem}}}]", "hosts[0]: provider and tls are mutually exclusive"),
        ("provider unknown", A + "hosts: [{host: h.example, provider: gcr}]", "hosts[0]: provider \"gcr\" must be one of: ecr, acr, gar"),
        ("provider trimmed in message", A + "hosts: [{host: h.example, provider: ' gcr '}]", "hosts[0]: provider \"gcr\" must be one of: ecr, acr, gar"),
        ("provider is case-sensitive", A + "hosts: [{host: h.example, provider: ECR}]", "hosts[0]: provider \"ECR\" must be one of: ecr, acr, gar"),
        ("maxChunkSize negative", A + "hosts: [{host: h.example, maxChunkSize: -1}]", "hosts[0]: maxChunkSize must be >= 0 (0 disables chunking)"),
        ("host with nothing", A + "hosts: [{host: h.example}]", "hosts[0]: one of credential, provider, tls, or maxChunkSize is required"),
        ("maxChunkSize zero counts as unset", A + "hosts: [{host: h.example, maxChunkSize: 0}]", "hosts[0]: one of credential, provider, tls, or maxChunkSize is required"),
        ("whitespace provider counts as unset", A + "hosts: [{host: h.example, provider: '  '}]", "hosts[0]: one of credential, provider, tls, or maxChunkSize is required"),
        ("maxChunkSize alone is enough", A + "hosts: [{host: 'localhost:5000', maxChunkSize: 1024}]", ""),
        ("each cloud provider is valid", A + "hosts: [{host: a.example, provider: ecr}, {host: b.example, provider: acr}, {host: c.example, provider: gar}]", ""),
        ("duplicate host", A + "hosts: [{host: h.example, provider: ecr}, {host: h.example, provider: acr}]", "hosts[1]: host \"h.example\" is configured more than once"),
        ("duplicate found at third entry", A + "hosts: [{host: a.example, provider: ecr}, {host: b.example, provider: ecr}, {host: a.example, provider: ecr}]", "hosts[2]: host \"a.example\" is configured more than once"),
        ("host error before duplicate check", A + "hosts: [{host: h.example, provider: ecr}, {host: h.example}]", "hosts[1]: one of credential, provider, tls, or maxChunkSize is required"),
        ("duplicate check is exact", A + "hosts: [{host: H.example, provider: ecr}, {host: h.example, provider: ecr}]", ""),
        ("hosts-only config needs entries for sync", "hosts: [{host: h.example, provider: ecr}]", "config has no entries: at least one of 'charts' or 'artifacts' must be set"),
    ];

    private static IEnumerable<(string, string, string)> Credentials() =>
    [
        ("credential empty", A + "hosts: [{host: h.example, credential: {}}]", "hosts[0]: credential: exactly one of provider, value, fromPath, jwkPath, or jwkValue must be set"),
        ("credential two sources", A + "hosts: [{host: h.example, credential: {value: t, fromPath: ./t}}]", "hosts[0]: credential: exactly one of provider, value, fromPath, jwkPath, or jwkValue must be set"),
        ("credential whitespace value", A + "hosts: [{host: h.example, credential: {value: '  '}}]", "hosts[0]: credential: exactly one of provider, value, fromPath, jwkPath, or jwkValue must be set"),
        ("credential provider and jwkValue", A + "hosts: [{host: h.example, credential: {provider: github, jwkValue: '{}'}}]", "hosts[0]: credential: exactly one of provider, value, fromPath, jwkPath, or jwkValue must be set"),
        ("jwkPath needs iss", A + "hosts: [{host: h.example, credential: {jwkPath: ./k.json, sub: s}}]", "hosts[0]: credential: iss is required with jwkPath or jwkValue"),
        ("jwkValue needs sub", A + "hosts: [{host: h.example, credential: {jwkValue: '{}', iss: i}}]", "hosts[0]: credential: sub is required with jwkPath or jwkValue"),
        ("jwk blank iss", A + "hosts: [{host: h.example, credential: {jwkPath: ./k.json, iss: ' ', sub: s}}]", "hosts[0]: credential: iss is required with jwkPath or jwkValue"),
        ("jwk exp zero", A + "hosts: [{host: h.example, credential: {jwkPath: ./k.json, iss: i, sub: s, exp: 0s}}]", "hosts[0]: credential: exp must be a positive duration"),
        ("jwk exp negative", A + "hosts: [{host: h.example, credential: {jwkValue: '{}', iss: i, sub: s, exp: -1m}}]", "hosts[0]: credential: exp must be a positive duration"),
        ("jwk with aud and exp is valid", A + "hosts: [{host: h.example, credential: {jwkPath: ./k.json, iss: i, sub: s, aud: a, exp: 8760h}}]", ""),
        ("credential provider unknown", A + "hosts: [{host: h.example, credential: {provider: gitlab}}]", "hosts[0]: credential: provider \"gitlab\" must be one of: github, forgejo, gcp, azure, aws, jwt-svid"),
        ("credential provider with iss", A + "hosts: [{host: h.example, credential: {provider: github, iss: i}}]", "hosts[0]: credential: iss and sub can only be set with jwkPath or jwkValue"),
        ("credential provider with exp", A + "hosts: [{host: h.example, credential: {provider: aws, exp: 5m}}]", "hosts[0]: credential: exp can only be set with jwkPath or jwkValue"),
        ("credential provider with aud is valid", A + "hosts: [{host: h.example, credential: {provider: azure, aud: 'api://reg'}}]", ""),
        ("every token provider is valid", A + "hosts: [{host: a.example, credential: {provider: github}}, {host: b.example, credential: {provider: forgejo}}, {host: c.example, credential: {provider: gcp}}, {host: d.example, credential: {provider: jwt-svid}}]", ""),
        ("value with sub", A + "hosts: [{host: h.example, credential: {value: t, sub: s}}]", "hosts[0]: credential: iss and sub can only be set with jwkPath or jwkValue"),
        ("value with aud", A + "hosts: [{host: h.example, credential: {value: t, aud: a}}]", "hosts[0]: credential: aud can only be set with jwkPath, jwkValue, or provider"),
        ("fromPath with exp", A + "hosts: [{host: h.example, credential: {fromPath: ./token, exp: 60s}}]", "hosts[0]: credential: exp can only be set with jwkPath or jwkValue"),
        ("fromPath with blank aud is valid", A + "hosts: [{host: h.example, credential: {fromPath: ./token, aud: '  '}}]", ""),
        ("username with credential is valid", A + "hosts: [{host: h.example, username: robot, credential: {value: t}}]", ""),
    ];

    private static IEnumerable<(string, string, string)> Tls() =>
    [
        ("tls empty", A + "hosts: [{host: h.example, tls: {}}]", "hosts[0]: tls: one of serverAuth or clientAuth is required"),
        ("serverAuth empty", A + "hosts: [{host: h.example, tls: {serverAuth: {}}}]", "hosts[0]: tls: serverAuth: exactly one of fromPath, value, or spiffe must be set"),
        ("serverAuth fromPath and value", A + "hosts: [{host: h.example, tls: {serverAuth: {fromPath: ca.crt, value: pem}}}]", "hosts[0]: tls: serverAuth: exactly one of fromPath, value, or spiffe must be set"),
        ("serverAuth value and spiffe", A + "hosts: [{host: h.example, tls: {serverAuth: {value: pem, spiffe: {authorizeAny: true}}}}]", "hosts[0]: tls: serverAuth: exactly one of fromPath, value, or spiffe must be set"),
        ("spiffe empty", A + "hosts: [{host: h.example, tls: {serverAuth: {spiffe: {}}}}]", "hosts[0]: tls: serverAuth: spiffe: exactly one of serverID, trustDomain, or authorizeAny must be set"),
        ("spiffe two authorizers", A + "hosts: [{host: h.example, tls: {serverAuth: {spiffe: {serverID: 'spiffe://example.org/r', authorizeAny: true}}}}]", "hosts[0]: tls: serverAuth: spiffe: exactly one of serverID, trustDomain, or authorizeAny must be set"),
        ("spiffe authorizeAny false", A + "hosts: [{host: h.example, tls: {serverAuth: {spiffe: {authorizeAny: false}}}}]", "hosts[0]: tls: serverAuth: spiffe: exactly one of serverID, trustDomain, or authorizeAny must be set"),
        ("serverID wrong scheme", A + "hosts: [{host: h.example, tls: {serverAuth: {spiffe: {serverID: 'https://example.org/r'}}}}]", "hosts[0]: tls: serverAuth: spiffe: serverID \"https://example.org/r\" is not a valid SPIFFE ID: scheme is missing or invalid"),
        ("serverID uppercase trust domain", A + "hosts: [{host: h.example, tls: {serverAuth: {spiffe: {serverID: 'spiffe://Example.org/r'}}}}]", $"hosts[0]: tls: serverAuth: spiffe: serverID \"spiffe://Example.org/r\" is not a valid SPIFFE ID: {TdChars}"),
        ("serverID missing trust domain", A + "hosts: [{host: h.example, tls: {serverAuth: {spiffe: {serverID: 'spiffe:///r'}}}}]", "hosts[0]: tls: serverAuth: spiffe: serverID \"spiffe:///r\" is not a valid SPIFFE ID: trust domain is missing"),
        ("serverID trailing slash", A + "hosts: [{host: h.example, tls: {serverAuth: {spiffe: {serverID: 'spiffe://example.org/r/'}}}}]", "hosts[0]: tls: serverAuth: spiffe: serverID \"spiffe://example.org/r/\" is not a valid SPIFFE ID: path cannot have a trailing slash"),
        ("serverID dot segment", A + "hosts: [{host: h.example, tls: {serverAuth: {spiffe: {serverID: 'spiffe://example.org/a/../b'}}}}]", "hosts[0]: tls: serverAuth: spiffe: serverID \"spiffe://example.org/a/../b\" is not a valid SPIFFE ID: path cannot contain dot segments"),
        ("serverID empty segment", A + "hosts: [{host: h.example, tls: {serverAuth: {spiffe: {serverID: 'spiffe://example.org//a'}}}}]", "hosts[0]: tls: serverAuth: spiffe: serverID \"spiffe://example.org//a\" is not a valid SPIFFE ID: path cannot contain empty segments"),
        ("serverID bad path char", A + "hosts: [{host: h.example, tls: {serverAuth: {spiffe: {serverID: 'spiffe://example.org/a@b'}}}}]", "hosts[0]: tls: serverAuth: spiffe: serverID \"spiffe://example.org/a@b\" is not a valid SPIFFE ID: path segment characters are limited to letters, numbers, dots, dashes, and underscores"),
        ("serverID valid", A + "hosts: [{host: h.example, tls: {serverAuth: {spiffe: {serverID: 'spiffe://example.org/ns/registry'}}}}]", ""),
        ("trustDomain invalid", A + "hosts: [{host: h.example, tls: {serverAuth: {spiffe: {trustDomain: Example.org}}}}]", $"hosts[0]: tls: serverAuth: spiffe: trustDomain \"Example.org\" is not valid: {TdChars}"),
        ("trustDomain self is valid", A + "hosts: [{host: h.example, tls: {serverAuth: {spiffe: {trustDomain: self}}}}]", ""),
        ("trustDomain given as an ID is valid", A + "hosts: [{host: h.example, tls: {serverAuth: {spiffe: {trustDomain: 'spiffe://example.org'}}}}]", ""),
        ("trustDomain bad ID form", A + "hosts: [{host: h.example, tls: {serverAuth: {spiffe: {trustDomain: 'spiffe:/example.org'}}}}]", "hosts[0]: tls: serverAuth: spiffe: trustDomain \"spiffe:/example.org\" is not valid: scheme is missing or invalid"),
        ("clientAuth empty", A + "hosts: [{host: h.example, tls: {clientAuth: {}}}]", "hosts[0]: tls: clientAuth: certificate is required"),
        ("clientAuth provider with certificate", A + "hosts: [{host: h.example, tls: {clientAuth: {provider: x509-svid, certificate: {fromPath: c.crt}}}}]", "hosts[0]: tls: clientAuth: provider is mutually exclusive with certificate and key"),
        ("clientAuth provider with key", A + "hosts: [{host: h.example, tls: {clientAuth: {provider: x509-svid, key: {fromPath: c.key}}}}]", "hosts[0]: tls: clientAuth: provider is mutually exclusive with certificate and key"),
        ("clientAuth provider unknown", A + "hosts: [{host: h.example, tls: {clientAuth: {provider: spiffe}}}]", "hosts[0]: tls: clientAuth: provider \"spiffe\" must be \"x509-svid\""),
        ("certificate empty", A + "hosts: [{host: h.example, tls: {clientAuth: {certificate: {}, key: {fromPath: c.key}}}}]", "hosts[0]: tls: clientAuth: certificate: exactly one of fromPath or value must be set"),
        ("key missing", A + "hosts: [{host: h.example, tls: {clientAuth: {certificate: {fromPath: c.crt}}}}]", "hosts[0]: tls: clientAuth: key is required"),
        ("key two sources", A + "hosts: [{host: h.example, tls: {clientAuth: {certificate: {value: pem}, key: {fromPath: c.key, value: pem}}}}]", "hosts[0]: tls: clientAuth: key: exactly one of fromPath or value must be set"),
        ("key whitespace value", A + "hosts: [{host: h.example, tls: {clientAuth: {certificate: {value: pem}, key: {value: '  '}}}}]", "hosts[0]: tls: clientAuth: key: exactly one of fromPath or value must be set"),
        ("serverAuth checked before clientAuth", A + "hosts: [{host: h.example, tls: {serverAuth: {}, clientAuth: {}}}]", "hosts[0]: tls: serverAuth: exactly one of fromPath, value, or spiffe must be set"),
        ("tls with credential is valid", A + "hosts: [{host: h.example, credential: {value: t}, tls: {serverAuth: {fromPath: ca.crt}, clientAuth: {certificate: {fromPath: c.crt}, key: {fromPath: c.key}}}}]", ""),
        ("client-only spiffe is valid", A + "hosts: [{host: h.example, tls: {clientAuth: {provider: x509-svid}}}]", ""),
        ("credential checked before tls", A + "hosts: [{host: h.example, credential: {}, tls: {}}]", "hosts[0]: credential: exactly one of provider, value, fromPath, jwkPath, or jwkValue must be set"),
    ];

    private static IEnumerable<(string, string, string)> Charts() =>
    [
        ("chart name missing", "charts: [{source: 'https://charts.example.com', destination: 'oci://ghcr.io/o'}]", "charts[0]: name is required"),
        ("chart name whitespace", "charts: [{name: ' ', source: 'https://charts.example.com', destination: 'oci://ghcr.io/o'}]", "charts[0]: name is required"),
        ("chart source missing", "charts: [{name: app, destination: 'oci://ghcr.io/o'}]", "charts[0]: source: source is required"),
        ("chart source oci", "charts: [{name: app, source: 'oci://ghcr.io/charts', destination: 'oci://ghcr.io/o'}]", $"charts[0]: source: scheme \"oci\" must be one of: http, https {Oci}"),
        ("chart source without scheme", "charts: [{name: app, source: charts.example.com, destination: 'oci://ghcr.io/o'}]", $"charts[0]: source: scheme \"\" must be one of: http, https {Oci}"),
        ("chart source scheme is lowercased", "charts: [{name: app, source: 'FTP://charts.example.com', destination: 'oci://ghcr.io/o'}]", $"charts[0]: source: scheme \"ftp\" must be one of: http, https {Oci}"),
        ("chart source missing host", "charts: [{name: app, source: 'https:///charts', destination: 'oci://ghcr.io/o'}]", "charts[0]: source: URL \"https:///charts\" is missing a host"),
        ("chart source space in host", "charts: [{name: app, source: 'https://exa mple.com', destination: 'oci://ghcr.io/o'}]", "charts[0]: source: invalid URL: parse \"https://exa mple.com\": invalid character \" \" in host name"),
        ("chart source missing scheme", "charts: [{name: app, source: '://charts', destination: 'oci://ghcr.io/o'}]", "charts[0]: source: invalid URL: parse \"://charts\": missing protocol scheme"),
        ("chart source bad port", "charts: [{name: app, source: 'https://example.com:abc', destination: 'oci://ghcr.io/o'}]", "charts[0]: source: invalid URL: parse \"https://example.com:abc\": invalid port \":abc\" after host"),
        ("chart destination missing", "charts: [{name: app, source: 'https://charts.example.com'}]", "charts[0]: destination: destination is required"),
        ("chart destination https", "charts: [{name: app, source: 'https://charts.example.com', destination: 'https://ghcr.io/o'}]", "charts[0]: destination: scheme must be oci://, got \"https\""),
        ("chart destination without scheme", "charts: [{name: app, source: 'https://charts.example.com', destination: ghcr.io/o}]", "charts[0]: destination: scheme must be oci://, got \"\""),
        ("chart destination missing host", "charts: [{name: app, source: 'https://charts.example.com', destination: 'oci://'}]", "charts[0]: destination: URL \"oci://\" is missing a host"),
        ("chart destination bad escape", "charts: [{name: app, source: 'https://charts.example.com', destination: 'oci://ghcr.io/a%zz'}]", "charts[0]: destination: invalid URL: parse \"oci://ghcr.io/a%zz\": invalid URL escape \"%zz\""),
        ("chart version invalid", "charts: [{name: app, source: 'https://charts.example.com', destination: 'oci://ghcr.io/o', version: 'not-a-range'}]", "charts[0]: version \"not-a-range\" is not a valid semver constraint: *"),
        ("chart limit negative", "charts: [{name: app, source: 'https://charts.example.com', destination: 'oci://ghcr.io/o', limit: -1}]", "charts[0]: limit must be >= 0 (0 = unlimited)"),
        ("chart valid", "charts: [{name: app, source: 'https://charts.example.com/', destination: 'oci://ghcr.io/o/charts', version: '>=1.0.0 <2.0.0', limit: 0}]", ""),
    ];

    private static IEnumerable<(string, string, string)> Artifacts() =>
    [
        ("artifact source uppercase", "artifacts: [{source: ghcr.io/Org/app, destination: quay.io/o/app}]", $"artifacts[0]: source \"ghcr.io/Org/app\" is not a valid OCI repository: repository can only contain the characters {Repo}: Org/app"),
        ("artifact source with tag", "artifacts: [{source: 'ghcr.io/org/app:1.0', destination: quay.io/o/app}]", $"artifacts[0]: source \"ghcr.io/org/app:1.0\" is not a valid OCI repository: repository can only contain the characters {Repo}: org/app:1.0"),
        ("artifact source missing", "artifacts: [{destination: quay.io/o/app}]", "artifacts[0]: source \"\" is not a valid OCI repository: a repository name must be specified"),
        ("artifact source too short", "artifacts: [{source: a, destination: quay.io/o/app}]", "artifacts[0]: source \"a\" is not a valid OCI repository: repository must be between 2 and 255 characters in length: a"),
        ("artifact source with scheme", "artifacts: [{source: 'oci://ghcr.io/org/app', destination: quay.io/o/app}]", $"artifacts[0]: source \"oci://ghcr.io/org/app\" is not a valid OCI repository: repository path component \"\" must be lowercase alphanumerics separated by '.', '_', '__' or '-': /ghcr.io/org/app"),
        ("artifact destination empty component", "artifacts: [{source: ghcr.io/org/app, destination: quay.io/a//b}]", "artifacts[0]: destination \"quay.io/a//b\" is not a valid OCI repository: repository path component \"\" must be lowercase alphanumerics separated by '.', '_', '__' or '-': a//b"),
        ("artifact destination bad registry", "artifacts: [{source: ghcr.io/org/app, destination: 'user@quay.io/ab'}]", "artifacts[0]: destination \"user@quay.io/ab\" is not a valid OCI repository: registries must be valid RFC 3986 URI authorities: user@quay.io"),
        ("artifact Docker Hub short name is valid", "artifacts: [{source: nginx, destination: 'localhost:5000/nginx'}]", ""),
        ("regex without pattern", A.Replace("}]", ", selector: {regex: {extract: $v}}}]"), "artifacts[0]: selector: regex.pattern is required when regex is set"),
        ("regex whitespace pattern", A.Replace("}]", ", selector: {regex: {pattern: '  '}}}]"), "artifacts[0]: selector: regex.pattern is required when regex is set"),
        ("regex does not compile", A.Replace("}]", ", selector: {regex: {pattern: '('}}}]"), "artifacts[0]: selector: regex.pattern \"(\" does not compile: *"),
        ("semver invalid", A.Replace("}]", ", selector: {semver: 'not-a-range'}}]"), "artifacts[0]: selector: semver \"not-a-range\" is not a valid constraint: *"),
        ("sortBy unknown", A.Replace("}]", ", selector: {sortBy: date}}]"), "artifacts[0]: selector: sortBy \"date\" must be one of: semver, alphabetical, numerical"),
        ("sortBy is case-sensitive", A.Replace("}]", ", selector: {sortBy: Semver}}]"), "artifacts[0]: selector: sortBy \"Semver\" must be one of: semver, alphabetical, numerical"),
        ("sortBy blank means semver", A.Replace("}]", ", selector: {sortBy: ' '}}]"), ""),
        ("selector limit negative", A.Replace("}]", ", selector: {limit: -2}}]"), "artifacts[0]: selector: limit must be >= 0 (0 = unlimited)"),
        ("selector limit zero is valid", A.Replace("}]", ", selector: {limit: 0, sortBy: numerical}}]"), ""),
        ("verify provider unknown", A.Replace("}]", ", verify: {provider: notation}}]"), "artifacts[0]: verify: provider \"notation\" must be \"cosign\""),
        ("verify provider missing", A.Replace("}]", ", verify: {matchOIDCIdentity: [{issuer: i, subject: s}]}}]"), "artifacts[0]: verify: provider \"\" must be \"cosign\""),
        ("verify without identities", A.Replace("}]", ", verify: {provider: cosign}}]"), "artifacts[0]: verify: matchOIDCIdentity must contain at least one identity"),
        ("verify minAge negative", A.Replace("}]", ", verify: {provider: cosign, minAge: -1h, matchOIDCIdentity: [{issuer: i}]}}]"), "artifacts[0]: verify: minAge must be >= 0"),
        ("verify issuer missing", A.Replace("}]", ", verify: {provider: cosign, matchOIDCIdentity: [{subject: s}]}}]"), "artifacts[0]: verify: matchOIDCIdentity[0].issuer is required"),
        ("verify second subject blank", A.Replace("}]", ", verify: {provider: cosign, matchOIDCIdentity: [{issuer: i, subject: '^a$'}, {issuer: i, subject: ' '}]}}]"), "artifacts[0]: verify: matchOIDCIdentity[1].subject is required"),
        ("verify subject does not compile", A.Replace("}]", ", verify: {provider: cosign, matchOIDCIdentity: [{issuer: i, subject: '('}]}}]"), "artifacts[0]: verify: matchOIDCIdentity[0].subject \"(\" does not compile: *"),
        ("selector checked before verify", A.Replace("}]", ", selector: {limit: -1}, verify: {provider: x}}]"), "artifacts[0]: selector: limit must be >= 0 (0 = unlimited)"),
        ("missing selector is valid", A, ""),
    ];

    private static IEnumerable<(string, string, string)> Ordering() =>
    [
        ("second artifact reports its index", "artifacts: [{source: ghcr.io/org/app, destination: quay.io/o/app}, {source: ghcr.io/org/app, destination: quay.io/o/app, selector: {limit: -1}}]", "artifacts[1]: selector: limit must be >= 0 (0 = unlimited)"),
        ("hosts before charts", "charts: [{source: x}]\nhosts: [{host: h.example}]", "hosts[0]: one of credential, provider, tls, or maxChunkSize is required"),
        ("charts before artifacts", "artifacts: [{source: A, destination: B}]\ncharts: [{source: x}]", "charts[0]: name is required"),
        ("kind before entries", "apiVersion: mirror.plugin.fluxcd.io/v1beta1\nkind: Configs\n", "kind must be \"Config\", got \"Configs\""),
        ("entries before hosts", "hosts: [{host: ''}]", "config has no entries: at least one of 'charts' or 'artifacts' must be set"),
    ];
}
