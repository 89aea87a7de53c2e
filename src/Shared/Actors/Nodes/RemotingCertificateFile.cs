using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace FluxMirror.Actors.Nodes;

/// <summary>
/// Loads the remoting certificate and CA files named by <see cref="RemotingTls"/>'s variables. Every problem is
/// one <see cref="ArgumentException"/> line naming the variable and the file, never the password.
/// </summary>
internal static class RemotingCertificateFile
{
    private const string PemLabel = "-----BEGIN ";
    private const string EncryptedKeyLabel = "-----BEGIN ENCRYPTED PRIVATE KEY-----";

    public static X509Certificate2 Load(string certificatePath, string? keyPath, string? password)
    {
        var certificateText = Read(certificatePath, RemotingTls.CertificateVariable);
        var certificate = IsPem(certificateText)
            ? FromPem(certificatePath, certificateText, keyPath, password)
            : FromPkcs12(certificatePath, keyPath, password);
        if (!certificate.HasPrivateKey)
        {
            throw new ArgumentException($"{RemotingTls.CertificateVariable} ({certificatePath}) holds no private key");
        }

        var now = DateTime.Now;
        if (certificate.NotAfter < now || certificate.NotBefore > now)
        {
            throw new ArgumentException(
                $"{RemotingTls.CertificateVariable} ({certificatePath}) is valid from {certificate.NotBefore.ToUniversalTime():u} to {certificate.NotAfter.ToUniversalTime():u}, not now");
        }

        return certificate;
    }

    public static X509Certificate2Collection LoadAuthorities(string path)
    {
        var pem = Read(path, RemotingTls.AuthorityVariable);
        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPem(pem);
        }
        catch (CryptographicException)
        {
            throw new ArgumentException($"{RemotingTls.AuthorityVariable} ({path}) holds a malformed PEM certificate");
        }

        return authorities.Count > 0
            ? authorities
            : throw new ArgumentException($"{RemotingTls.AuthorityVariable} ({path}) holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    }

    private static X509Certificate2 FromPem(string certificatePath, string certificatePem, string? keyPath, string? password)
    {
        // A Kubernetes TLS Secret keeps the key apart (tls.key); a combined PEM file may carry both.
        var keyPem = keyPath is null ? certificatePem : Read(keyPath, RemotingTls.KeyVariable);
        if (!keyPem.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            throw new ArgumentException(keyPath is null
                ? $"{RemotingTls.KeyVariable} must name the PEM private key of {RemotingTls.CertificateVariable} ({certificatePath})"
                : $"{RemotingTls.KeyVariable} ({keyPath}) holds no PEM private key");
        }

        var encrypted = keyPem.Contains(EncryptedKeyLabel, StringComparison.Ordinal);
        if (encrypted && password is null)
        {
            throw new ArgumentException($"{RemotingTls.KeyVariable} ({keyPath ?? certificatePath}) is encrypted: set {RemotingTls.PasswordVariable}");
        }

        X509Certificate2 loaded;
        try
        {
            loaded = encrypted
                ? X509Certificate2.CreateFromEncryptedPem(certificatePem, keyPem, password)
                : X509Certificate2.CreateFromPem(certificatePem, keyPem);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            throw new ArgumentException(encrypted
                ? $"{RemotingTls.KeyVariable} ({keyPath ?? certificatePath}) does not open with {RemotingTls.PasswordVariable} or is not the key of {RemotingTls.CertificateVariable}"
                : $"{RemotingTls.KeyVariable} ({keyPath ?? certificatePath}) is not the private key of the certificate in {RemotingTls.CertificateVariable} ({certificatePath})");
        }

        // A PKCS#12 round trip gives the key a form TLS accepts on every platform (PEM keys are ephemeral).
        using (loaded)
        {
            return X509CertificateLoader.LoadPkcs12(loaded.Export(X509ContentType.Pkcs12), null);
        }
    }

    private static X509Certificate2 FromPkcs12(string path, string? keyPath, string? password)
    {
        if (keyPath is not null)
        {
            throw new ArgumentException(
                $"{RemotingTls.CertificateVariable} ({path}) is not PEM, so it must be a PKCS#12 file that holds its own key; unset {RemotingTls.KeyVariable} or use a PEM certificate");
        }

        try
        {
            return X509CertificateLoader.LoadPkcs12FromFile(path, password);
        }
        catch (CryptographicException)
        {
            throw new ArgumentException(
                $"{RemotingTls.CertificateVariable} ({path}) is neither a PEM certificate nor a PKCS#12 file that opens with {RemotingTls.PasswordVariable}");
        }
    }

    private static string Read(string path, string variable)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var reason = ex is FileNotFoundException or DirectoryNotFoundException ? "no such file" : ex.Message;
            throw new ArgumentException($"{variable} ({path}) cannot be read: {reason}");
        }
    }

    private static bool IsPem(string text) => text.Contains(PemLabel, StringComparison.Ordinal);
}
