// The integration tests start Debian's docker-registry, PostgreSQL and skopeo: they run on Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
