using System.Security.Cryptography.X509Certificates;
using TlsNotebooks.Tls;

namespace TlsNotebooks.Organisation;

/// <summary>
/// Which service may call which: the organisation's authorisation rule. A certificate says
/// who a caller is (authentication); this table says what that caller may do
/// (authorisation). Nothing is allowed unless listed.
/// </summary>
public sealed class AccessPolicy
{
    private readonly HashSet<(string Caller, string Service)> _allowed = [];

    /// <summary>Lets <paramref name="caller"/> call <paramref name="service"/>.</summary>
    public AccessPolicy Allow(string caller, string service)
    {
        _allowed.Add((caller, service));
        return this;
    }

    /// <summary>Takes the permission away again.</summary>
    public AccessPolicy Deny(string caller, string service)
    {
        _allowed.Remove((caller, service));
        return this;
    }

    public bool IsAllowed(string caller, string service) => _allowed.Contains((caller, service));

    /// <summary>The callers allowed to call <paramref name="service"/>, sorted.</summary>
    public IReadOnlyList<string> CallersOf(string service) =>
        _allowed.Where(a => a.Service == service).Select(a => a.Caller).Order().ToList();

    /// <summary>Every permission as "caller -> service", sorted.</summary>
    public IReadOnlyList<string> Rules =>
        _allowed.Select(a => $"{a.Caller} -> {a.Service}").Order().ToList();

    /// <summary>
    /// The check a service runs once the handshake has authenticated the caller.
    /// </summary>
    public IClientAuthorizer For(string service) => new ServiceAuthorizer(this, service);

    public override string ToString() => string.Join("\n", Rules);

    /// <summary>
    /// The caller's name as the organisation writes it: the commonName of its certificate.
    /// </summary>
    public static string CallerName(X509Certificate2 certificate) =>
        certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);

    private sealed class ServiceAuthorizer(AccessPolicy policy, string service) : IClientAuthorizer
    {
        public void Authorize(IReadOnlyList<X509Certificate2> chain)
        {
            if (chain.Count == 0)
            {
                // Optional client authentication let an anonymous client through the
                // handshake; this service still only serves named callers.
                throw new TlsAlertException(AlertDescription.AccessDenied,
                    $"{service} serves only named callers, and this client sent no certificate");
            }

            var caller = CallerName(chain[0]);
            if (!policy.IsAllowed(caller, service))
            {
                var allowed = policy.CallersOf(service);
                var who = allowed.Count == 0 ? "nobody" : string.Join(", ", allowed);
                throw new TlsAlertException(AlertDescription.AccessDenied,
                    $"'{caller}' is authenticated, but the policy does not let it call "
                    + $"{service} (allowed: {who})");
            }
        }
    }
}
