using StatusBoard.Probes.Running;

namespace StatusBoard.Probes.Definitions;

/// <summary>Encrypts the secret values of stored probe documents; the web app's is ASP.NET Core Data Protection.</summary>
public interface ISecretProtector
{
    string Protect(string value);

    /// <summary>The value, or an exception when it was protected with keys this installation no longer has.</summary>
    string Unprotect(string value);
}

/// <summary>
/// The secret values of a probe document: request headers whose names say so (<see cref="Redaction.IsSecretHeader"/>)
/// and bodies marked <c>"secretBody": true</c>, in the request and in every journey step. Stored encrypted, shown
/// masked, and kept as they were when an edit leaves the mask in place.
/// </summary>
public static class StoredSecrets
{
    /// <summary>Marks an encrypted value in a stored document.</summary>
    public const string Prefix = "enc:v1:";

    /// <summary>What an editor shows instead of a secret; saved back unchanged, it keeps the stored value.</summary>
    public const string Unchanged = "********";

    /// <summary>
    /// A copy of the document with every secret value encrypted, for storing. Every value is encrypted, one that already
    /// starts with <see cref="Prefix"/> too: a value a user wrote can never pass for one StatusBoard encrypted.
    /// </summary>
    public static ProbeDocument Protect(ProbeDocument document, ISecretProtector protector) =>
        Map(document, value => Prefix + protector.Protect(value));

    /// <summary>A copy of a stored document with its secret values readable again.</summary>
    public static ProbeDocument Unprotect(ProbeDocument document, ISecretProtector protector) =>
        Map(document, value =>
        {
            if (!value.StartsWith(Prefix, StringComparison.Ordinal))
            {
                return value;
            }

            try
            {
                return protector.Unprotect(value[Prefix.Length..]);
            }
            catch (System.Security.Cryptography.CryptographicException exception)
            {
                throw new InvalidOperationException(
                    $"A secret of probe '{document.Key}' cannot be decrypted: the Data Protection keys (StatusBoard:DataProtection:KeysDirectory) are not the ones it was stored with. Restore those keys, or delete and create the probe again.",
                    exception);
            }
        });

    /// <summary>A copy of the document with every secret value replaced by <see cref="Unchanged"/>, for an editor.</summary>
    public static ProbeDocument Mask(ProbeDocument document) => Map(document, value => value.Length == 0 ? value : Unchanged);

    /// <summary>
    /// The edited document with each secret left as <see cref="Unchanged"/> taken from the stored one (the same
    /// header of the same request or step); a secret that was not there before cannot be left masked.
    /// </summary>
    public static ProbeDocument KeepUnchanged(ProbeDocument edited, ProbeDocument? stored)
    {
        var copy = Copy(edited);
        Merge(copy.Request, stored?.Request);
        foreach (var (step, index) in (copy.Steps ?? []).Select((s, i) => (s, i)))
        {
            var before = stored?.Steps?.FirstOrDefault(s => s.Name == step.Name) ?? stored?.Steps?.ElementAtOrDefault(index);
            Merge(step.Request, before?.Request);
        }

        return copy;
    }

    private static void Merge(RequestDocument? request, RequestDocument? stored)
    {
        if (request is null)
        {
            return;
        }

        foreach (var name in request.Headers?.Where(h => h.Value == Unchanged).Select(h => h.Key).ToList() ?? [])
        {
            var before = stored?.Headers?.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;
            request.Headers![name] = before ?? "";
        }

        if (request.Body == Unchanged)
        {
            request.Body = stored?.Body ?? "";
        }
    }

    private static ProbeDocument Map(ProbeDocument document, Func<string, string> secret)
    {
        var copy = Copy(document);
        Apply(copy.Request, secret);
        foreach (var step in copy.Steps ?? [])
        {
            Apply(step.Request, secret);
        }

        return copy;
    }

    private static void Apply(RequestDocument? request, Func<string, string> secret)
    {
        if (request is null)
        {
            return;
        }

        foreach (var name in request.Headers?.Keys.Where(Redaction.IsSecretHeader).ToList() ?? [])
        {
            request.Headers![name] = secret(request.Headers[name]);
        }

        if (request.SecretBody == true && request.Body is { } body)
        {
            request.Body = secret(body);
        }
    }

    private static ProbeDocument Copy(ProbeDocument document) => Json.Deserialize<ProbeDocument>(Json.Serialize(document))!;
}
