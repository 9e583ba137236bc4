namespace TlsNotebooks.Tls;

/// <summary>Whether a server asks for a client certificate (RFC 5246 §7.4.4).</summary>
public enum ClientAuthentication
{
    /// <summary>No CertificateRequest is sent.</summary>
    None,

    /// <summary>A CertificateRequest is sent; an empty client Certificate is accepted.</summary>
    Optional,

    /// <summary>An empty client Certificate ends the handshake with handshake_failure.</summary>
    Required,
}

/// <summary>Settings both sides share.</summary>
public abstract class TlsOptionsBase
{
    /// <summary>
    /// The suites offered (client) or accepted (server), in order of preference.
    /// </summary>
    public IReadOnlyList<CipherSuite> CipherSuites { get; init; } =
    [
        CipherSuite.TlsDheRsaWithAes128GcmSha256,
        CipherSuite.TlsEcdheRsaWithAes128GcmSha256,
        CipherSuite.TlsRsaWithAes128GcmSha256,
    ];

    /// <summary>The signature schemes offered or accepted, in order of preference.</summary>
    public IReadOnlyList<SignatureScheme> SignatureAlgorithms { get; init; } =
        Crypto.TlsSignatures.Supported;

    /// <summary>
    /// Offer (client) or accept (server) the extended master secret of RFC 7627.
    /// </summary>
    public bool ExtendedMasterSecret { get; init; } = true;

    /// <summary>
    /// Randoms and private values come from here; see <see cref="TlsRandom.Seeded"/>.
    /// </summary>
    public TlsRandom Random { get; init; } = TlsRandom.Secure;

    /// <summary>How long any read waits for the peer.</summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Called with each NSS key log line (CLIENT_RANDOM ...), if set.</summary>
    public Action<string>? KeyLog { get; init; }
}

/// <summary>What a client offers and how it checks the server.</summary>
public sealed class TlsClientOptions : TlsOptionsBase
{
    /// <summary>Sent in server_name and checked against the certificate.</summary>
    public string? ServerName { get; init; }

    /// <summary>
    /// Checks the server's chain; required (use InsecureAcceptAnyCertificate to skip).
    /// </summary>
    public required IServerCertificateVerifier CertificateVerifier { get; init; }

    /// <summary>Presented when the server sends a CertificateRequest.</summary>
    public TlsCredential? ClientCertificate { get; init; }
}

/// <summary>What a server accepts and who it is.</summary>
public sealed class TlsServerOptions : TlsOptionsBase
{
    public required TlsCredential Credential { get; init; }

    public ClientAuthentication ClientAuthentication { get; init; } = ClientAuthentication.None;

    /// <summary>Checks the client's chain when one is sent.</summary>
    public IClientCertificateVerifier? ClientCertificateVerifier { get; init; }

    /// <summary>
    /// Asked after the client's Finished whether this client may go on (authorisation after
    /// authentication); null lets every authenticated client in.
    /// </summary>
    public IClientAuthorizer? ClientAuthorizer { get; init; }

    /// <summary>
    /// DER distinguished names put in CertificateRequest.certificate_authorities.
    /// </summary>
    public IReadOnlyList<byte[]> AcceptableClientCertificateAuthorities { get; init; } = [];
}
