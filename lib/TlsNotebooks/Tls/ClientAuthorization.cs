using System.Security.Cryptography.X509Certificates;

namespace TlsNotebooks.Tls;

/// <summary>
/// Decides whether an authenticated client may use this server: authorisation, which comes
/// after authentication. The server asks only once the client's chain has validated, its
/// CertificateVerify has proved it holds the key, and its Finished has checked, so the
/// identity in the certificate is known to be the peer's. Refusing throws
/// <see cref="TlsAlertException"/>, normally with access_denied (RFC 5246 §7.2.2: "a valid
/// certificate was received, but when access control was applied, the sender decided not to
/// proceed with negotiation").
/// </summary>
public interface IClientAuthorizer
{
    /// <param name="chain">The client's chain, its own certificate first; empty when the
    /// server's policy is optional and the client sent none.</param>
    void Authorize(IReadOnlyList<X509Certificate2> chain);
}
