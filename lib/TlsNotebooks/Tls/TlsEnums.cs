namespace TlsNotebooks.Tls;

/// <summary>ContentType of RFC 5246 §6.2.1.</summary>
public enum ContentType : byte
{
    ChangeCipherSpec = 20,
    Alert = 21,
    Handshake = 22,
    ApplicationData = 23,
}

/// <summary>HandshakeType of RFC 5246 §7.4.</summary>
public enum HandshakeType : byte
{
    HelloRequest = 0,
    ClientHello = 1,
    ServerHello = 2,
    Certificate = 11,
    ServerKeyExchange = 12,
    CertificateRequest = 13,
    ServerHelloDone = 14,
    CertificateVerify = 15,
    ClientKeyExchange = 16,
    Finished = 20,
}

/// <summary>The cipher suites this library speaks (RFC 5288, RFC 5289).</summary>
public enum CipherSuite : ushort
{
    /// <summary>RFC 5288: RSA key transport, no forward secrecy.</summary>
    TlsRsaWithAes128GcmSha256 = 0x009c,

    /// <summary>RFC 5288: finite-field ephemeral Diffie-Hellman, RSA signatures.</summary>
    TlsDheRsaWithAes128GcmSha256 = 0x009e,

    /// <summary>RFC 5289 with RFC 8422: elliptic-curve ephemeral DH (here X25519).</summary>
    TlsEcdheRsaWithAes128GcmSha256 = 0xc02f,

    /// <summary>RFC 5746 §3.3: a signalling value, not a real suite.</summary>
    TlsEmptyRenegotiationInfoScsv = 0x00ff,
}

/// <summary>How a suite agrees on the premaster secret.</summary>
public enum KeyExchangeAlgorithm
{
    Rsa,
    DheRsa,
    EcdheRsa,
}

/// <summary>NamedGroup of RFC 8422 §5.1.1 and RFC 7919 §2.</summary>
public enum NamedGroup : ushort
{
    Secp256r1 = 23,
    X25519 = 29,
    Ffdhe2048 = 256,
    Ffdhe3072 = 257,
}

/// <summary>
/// SignatureScheme values (RFC 8446 §4.2.3, which also names the TLS 1.2 pairs).
/// </summary>
public enum SignatureScheme : ushort
{
    RsaPkcs1Sha256 = 0x0401,
    RsaPkcs1Sha384 = 0x0501,
    RsaPkcs1Sha512 = 0x0601,
    RsaPssRsaeSha256 = 0x0804,
    RsaPssRsaeSha384 = 0x0805,
    RsaPssRsaeSha512 = 0x0806,
}

/// <summary>ExtensionType values (RFC 6066, RFC 8422, RFC 5246, RFC 7627, RFC 5746).</summary>
public enum ExtensionType : ushort
{
    ServerName = 0,
    SupportedGroups = 10,
    EcPointFormats = 11,
    SignatureAlgorithms = 13,
    EncryptThenMac = 22,
    ExtendedMasterSecret = 23,
    SessionTicket = 35,
    RenegotiationInfo = 0xff01,
}

/// <summary>ClientCertificateType of RFC 5246 §7.4.4.</summary>
public enum ClientCertificateType : byte
{
    RsaSign = 1,
    DssSign = 2,
    EcdsaSign = 64,
}

/// <summary>Facts about each suite, kept in one place.</summary>
public static class CipherSuites
{
    public static KeyExchangeAlgorithm KeyExchange(CipherSuite suite) => suite switch
    {
        CipherSuite.TlsRsaWithAes128GcmSha256 => KeyExchangeAlgorithm.Rsa,
        CipherSuite.TlsDheRsaWithAes128GcmSha256 => KeyExchangeAlgorithm.DheRsa,
        CipherSuite.TlsEcdheRsaWithAes128GcmSha256 => KeyExchangeAlgorithm.EcdheRsa,
        _ => throw new ArgumentOutOfRangeException(nameof(suite), suite, "not a supported suite"),
    };

    public static bool IsSupported(CipherSuite suite) =>
        suite is CipherSuite.TlsRsaWithAes128GcmSha256
            or CipherSuite.TlsDheRsaWithAes128GcmSha256
            or CipherSuite.TlsEcdheRsaWithAes128GcmSha256;

    /// <summary>The IANA name, e.g. TLS_DHE_RSA_WITH_AES_128_GCM_SHA256.</summary>
    public static string Name(CipherSuite suite) => suite switch
    {
        CipherSuite.TlsRsaWithAes128GcmSha256 => "TLS_RSA_WITH_AES_128_GCM_SHA256",
        CipherSuite.TlsDheRsaWithAes128GcmSha256 => "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
        CipherSuite.TlsEcdheRsaWithAes128GcmSha256 => "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        CipherSuite.TlsEmptyRenegotiationInfoScsv => "TLS_EMPTY_RENEGOTIATION_INFO_SCSV",
        _ => TlsNames.Hex16((ushort)suite),
    };
}
