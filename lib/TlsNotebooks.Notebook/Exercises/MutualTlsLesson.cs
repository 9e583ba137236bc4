using TlsNotebooks.Organisation;
using TlsNotebooks.Tls;

namespace TlsNotebooks.Notebook.Exercises;

/// <summary>The data and exercises of notebook 06-mutual-tls.</summary>
public static class MutualTlsLesson
{
    /// <summary>
    /// The four callers of exercise 06.3, all calling billing, whose policy lets only
    /// reporting in. The notebook runs them live after the prediction.
    /// </summary>
    public static IReadOnlyList<string> Mysteries { get; } =
    [
        "inventory's own client certificate (valid, from the organisation)",
        "billing's client certificate, but CertificateVerify signed with reporting's key",
        "a client certificate named 'reporting', issued by Elsewhere Ltd's CA",
        "reporting's server certificate (serverAuth only) offered as a client certificate",
    ];

    /// <summary>The expected outcome of each mystery caller, in order.</summary>
    internal static IReadOnlyList<AlertDescription> MysteryAlerts { get; } =
    [
        AlertDescription.AccessDenied,
        AlertDescription.DecryptError,
        AlertDescription.UnknownCa,
        AlertDescription.UnsupportedCertificate,
    ];

    /// <summary>
    /// Builds the four mystery callers of exercise 06.3 in <paramref name="organisation"/>
    /// (with inventory, billing and reporting enrolled) and <paramref name="outsider"/>.
    /// </summary>
    public static IReadOnlyList<ClientIdentity> MysteryCallers(
        Organisation.Organisation organisation,
        Organisation.Organisation outsider) =>
    [
        organisation["inventory"].Client,
        organisation["billing"].Client.SignedWith(organisation["reporting"].Client),
        outsider.IssueClient("reporting"),
        organisation["reporting"].ServerCertificateAsClient,
    ];

    /// <summary>What CertificateVerify signs, in order (exercise 06.1).</summary>
    internal static IReadOnlyList<string> SignedMessages { get; } =
    [
        "ClientHello", "ServerHello", "Certificate", "ServerKeyExchange", "CertificateRequest",
        "ServerHelloDone", "Certificate", "ClientKeyExchange",
    ];

    /// <summary>The services of exercise 06.2.</summary>
    public static IReadOnlyList<string> Services { get; } = ["billing", "inventory", "reporting"];

    /// <summary>
    /// The rule of exercise 06.2: reporting may read billing and inventory, billing may call
    /// inventory, and nobody calls reporting or themselves.
    /// </summary>
    internal static bool ShouldAllow(string caller, string service) =>
        (caller, service) is ("reporting", "billing") or ("reporting", "inventory")
            or ("billing", "inventory");

    public static IReadOnlyList<Exercise> Exercises { get; } =
    [
        Exercise.Define<AlertDescription[]>(
            "06.3",
            "predict the alert for four callers of billing",
            points: 2,
            hint: "The service checks in the order the messages arrive: the chain (trust "
                + "anchor, then the certificate's purpose), then CertificateVerify, and the "
                + "access policy only at the very end.",
            answer =>
            {
                if (answer.Length != MysteryAlerts.Count)
                {
                    return $"There are {MysteryAlerts.Count} callers; the answer has "
                        + $"{answer.Length} alerts.";
                }

                var wrong = Enumerable.Range(0, answer.Length)
                    .Where(i => answer[i] != MysteryAlerts[i]).ToList();
                if (wrong.Count == 0)
                {
                    return null;
                }

                var first = wrong[0];
                var why = answer[first] switch
                {
                    AlertDescription.HandshakeFailure =>
                        "handshake_failure is for a missing certificate; this caller sent one.",
                    AlertDescription.CertificateExpired or AlertDescription.CertificateRevoked =>
                        "nothing about this caller's certificate concerns time or the CRL.",
                    AlertDescription.BadCertificate =>
                        "bad_certificate is the catch-all; a more specific alert names the rule.",
                    _ => $"{TlsNames.Alert(answer[first])} is not what the service sends.",
                };
                return $"{wrong.Count} of {answer.Length} predictions are off. Caller "
                    + $"{first + 1} ({Mysteries[first]}): {why}";
            }),
        Exercise.Define<string[]>(
            "06.1",
            "which messages does the client's CertificateVerify sign?",
            points: 1,
            hint: "RFC 5246 §7.4.8: all handshake messages sent or received, starting at "
                + "ClientHello and up to, but not including, this message.",
            answer =>
            {
                if (answer.SequenceEqual(SignedMessages))
                {
                    return null;
                }

                if (answer.Contains("CertificateVerify"))
                {
                    return "A signature cannot cover itself.";
                }

                if (answer.Contains("Finished") || answer.Contains("ChangeCipherSpec"))
                {
                    return "Finished and ChangeCipherSpec come after CertificateVerify.";
                }

                if (answer.Count(n => n == "Certificate") < 2)
                {
                    return "Two Certificate messages come before CertificateVerify: "
                        + "look at who sends each.";
                }

                if (!answer.Contains("ServerKeyExchange") || !answer.Contains("ServerHello"))
                {
                    return "The server's messages are part of the handshake too.";
                }

                return answer.Order().SequenceEqual(SignedMessages.Order())
                    ? "The right messages, in the wrong order."
                    : $"{answer.Length} names, not the list of messages before "
                        + "CertificateVerify.";
            }),
        Exercise.Define<AccessPolicy>(
            "06.2",
            "write the organisation's access policy",
            points: 1,
            hint: "Allow exactly three calls; every pair that is not allowed is refused "
                + "with access_denied.",
            policy =>
            {
                var pairs = Services.SelectMany(c => Services.Select(s => (c, s))).ToList();
                var tooMuch = pairs.Where(p => policy.IsAllowed(p.c, p.s)
                    && !ShouldAllow(p.c, p.s)).ToList();
                var tooLittle = pairs.Where(p => !policy.IsAllowed(p.c, p.s)
                    && ShouldAllow(p.c, p.s)).ToList();
                if (tooMuch.Count == 0 && tooLittle.Count == 0)
                {
                    return null;
                }

                if (tooMuch.Count > 0)
                {
                    var (c, s) = tooMuch[0];
                    return $"Your policy lets {c} call {s}, which the rule does not allow"
                        + (tooLittle.Count > 0 ? $", and it misses {tooLittle.Count} "
                            + "allowed call(s)." : ".");
                }

                return $"Your policy refuses {tooLittle.Count} call(s) the rule allows.";
            }),
    ];
}
