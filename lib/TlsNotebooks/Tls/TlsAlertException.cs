namespace TlsNotebooks.Tls;

/// <summary>
/// AlertDescription of RFC 5246 §7.2 (plus the RFC 5246 §7.2.2 codes this library can send).
/// </summary>
public enum AlertDescription : byte
{
    CloseNotify = 0,
    UnexpectedMessage = 10,
    BadRecordMac = 20,
    RecordOverflow = 22,
    HandshakeFailure = 40,
    BadCertificate = 42,
    UnsupportedCertificate = 43,
    CertificateRevoked = 44,
    CertificateExpired = 45,
    CertificateUnknown = 46,
    IllegalParameter = 47,
    UnknownCa = 48,
    AccessDenied = 49,
    DecodeError = 50,
    DecryptError = 51,
    ProtocolVersion = 70,
    InsufficientSecurity = 71,
    InternalError = 80,
    UserCanceled = 90,
    NoRenegotiation = 100,
    UnsupportedExtension = 110,
}

/// <summary>AlertLevel of RFC 5246 §7.2: warning(1), fatal(2).</summary>
public enum AlertLevel : byte
{
    Warning = 1,
    Fatal = 2,
}

/// <summary>
/// The one exception of the TLS code: it carries the alert that ends the connection and says
/// which rule was broken. <see cref="Received"/> tells whether the peer sent the alert to us
/// or we raised it (and, on a live connection, sent it to the peer).
/// </summary>
public sealed class TlsAlertException : Exception
{
    public TlsAlertException(AlertDescription description, string message, bool received = false)
        : base(Format(description, message, received))
    {
        Description = description;
        Reason = message;
        Received = received;
    }

    public TlsAlertException(
        AlertDescription description,
        string message,
        Exception inner)
        : base(Format(description, message, false), inner)
    {
        Description = description;
        Reason = message;
    }

    /// <summary>The RFC 5246 §7.2 alert that ends the connection.</summary>
    public AlertDescription Description { get; }

    /// <summary>The broken rule, without the alert name.</summary>
    public string Reason { get; }

    /// <summary>True when the peer sent this alert; false when we raised it.</summary>
    public bool Received { get; }

    private static string Format(AlertDescription description, string message, bool received) =>
        received
            ? $"peer sent alert {TlsNames.Alert(description)}: {message}"
            : $"{TlsNames.Alert(description)}: {message}";
}
