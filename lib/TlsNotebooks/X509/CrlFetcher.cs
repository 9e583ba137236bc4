using Org.BouncyCastle.X509;

namespace TlsNotebooks.X509;

/// <summary>The outcome of fetching a CRL: the CRL, or why there is none.</summary>
public sealed record CrlFetchResult(string Url, X509Crl? Crl, string? Error)
{
    public bool Succeeded => Crl is not null;

    public override string ToString() => Succeeded
        ? $"{Url}: CRL from {Crl!.IssuerDN}, {Crl.GetRevokedCertificates()?.Count ?? 0} revoked"
        : $"{Url}: failed: {Error}";
}

/// <summary>
/// Fetches CRLs over HTTP from a certificate's cRLDistributionPoints, with a timeout and a
/// size limit. Only http URLs are fetched: RFC 5280 §4.2.1.13 expects CRLs over plain HTTP
/// (they are signed, so TLS adds nothing and would be circular).
/// </summary>
public static class CrlFetcher
{
    private const int MaxCrlBytes = 10 * 1024 * 1024;

    private static readonly HttpClient s_client = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseProxy = false,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>The distribution point URLs in a certificate.</summary>
    public static IReadOnlyList<string> DistributionPoints(X509Certificate certificate) =>
        CertificateFacts.CrlUrls(certificate);

    /// <summary>Fetches one CRL, giving up after <paramref name="timeout"/>.</summary>
    public static async Task<CrlFetchResult> FetchAsync(
        string url,
        TimeSpan timeout,
        CancellationToken cancellationToken = default)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
        {
            return new(url, null, "only absolute http:// distribution points are fetched");
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            using var response = await s_client.GetAsync(uri,
                HttpCompletionOption.ResponseHeadersRead, limit.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return new(url, null, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            if (response.Content.Headers.ContentLength > MaxCrlBytes)
            {
                return new(url, null, "the CRL is larger than 10 MiB");
            }

            await using var body = await response.Content.ReadAsStreamAsync(limit.Token)
                .ConfigureAwait(false);
            using var copy = new MemoryStream();
            var buffer = new byte[16384];
            int read;
            while ((read = await body.ReadAsync(buffer, limit.Token).ConfigureAwait(false)) > 0)
            {
                copy.Write(buffer, 0, read);
                if (copy.Length > MaxCrlBytes)
                {
                    return new(url, null, "the CRL is larger than 10 MiB");
                }
            }

            return new(url, Der.ReadCrl(copy.ToArray()), null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new(url, null, $"no answer within {timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException e)
        {
            return new(url, null, "unreachable: " + e.Message);
        }
        catch (CertificateFormatException e)
        {
            return new(url, null, "not a CRL: " + e.Message);
        }
    }

    /// <summary>
    /// Tries each distribution point of the certificate in turn; returns the first CRL.
    /// </summary>
    public static async Task<CrlFetchResult> FetchForAsync(
        X509Certificate certificate,
        TimeSpan timeout,
        CancellationToken cancellationToken = default)
    {
        CrlFetchResult? last = null;
        foreach (var url in DistributionPoints(certificate))
        {
            last = await FetchAsync(url, timeout, cancellationToken).ConfigureAwait(false);
            if (last.Succeeded)
            {
                return last;
            }
        }

        return last
            ?? new CrlFetchResult("", null, "the certificate has no cRLDistributionPoints");
    }
}
