using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace StatusBoard.Probes.Running;

/// <summary>
/// Whom a probe's TLS connection trusts: the system's roots, and the company CAs of
/// <see cref="ProbeHttpOptions.TrustedCertificates"/> (PEM files, read once at start; a missing file stops the start).
/// </summary>
public sealed class TrustedRoots
{
    private readonly X509Certificate2Collection _trusted = [];

    public TrustedRoots(ProbeHttpOptions options)
    {
        foreach (var (path, index) in options.TrustedCertificates.Select((p, i) => (p, i)))
        {
            if (!File.Exists(path))
            {
                throw new InvalidOperationException($"StatusBoard:Probes:Http:TrustedCertificates:{index}: '{path}' does not exist");
            }

            _trusted.ImportFromPemFile(path);
        }
    }

    /// <summary>The system's verdict, except that a chain ending at one of the trusted certificates is trusted too.</summary>
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (errors != SslPolicyErrors.RemoteCertificateChainErrors || _trusted.Count == 0 || certificate is not X509Certificate2 leaf)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(_trusted);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            custom.ChainPolicy.ExtraStore.AddRange(chain.ChainPolicy.ExtraStore);
        }

        return custom.Build(leaf);
    }
}
