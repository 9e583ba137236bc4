using TlsNotebooks.Tls;
using TlsNotebooks.Tls.Crypto;
using TlsNotebooks.Tls.Messages;

namespace TlsNotebooks.Notebook.Exercises;

/// <summary>
/// The data and exercises of notebook 03-tls-handshake. The checks replay the notebook's own
/// seeded handshake (same PKI, same seed), so they know the right bytes without the student's
/// variables.
/// </summary>
public static class TlsHandshakeLesson
{
    /// <summary>The seed of the notebook's handshake: the same seed, the same bytes.</summary>
    public const string Seed = "lesson 3";

    private static readonly Lazy<Reference> s_reference = new(() =>
    {
        using var lab = HandshakeLab.Start(LessonPki.Create(), seed: Seed).RunHandshake();
        var client = lab.Client;
        var messages = lab.HandshakeMessagesBeforeClientFinished();
        var clientFinished = client.Transcript.Messages
            .Select(m => m.Message).OfType<Finished>().First();
        return new Reference(
            client.MasterSecret,
            client.ClientRandom,
            client.ServerRandom,
            client.Keys!,
            messages,
            clientFinished.ToBytes(),
            clientFinished.VerifyData,
            client.Transcript.Messages.Select(m => m.Message).OfType<Finished>().Last().VerifyData);
    });

    /// <summary>The exercises of notebook 03.</summary>
    public static IReadOnlyList<Exercise> Exercises { get; } =
    [
        Exercise.Define<string>(
            "03.1",
            "which message carries the server's g^b mod p",
            points: 1,
            hint: "Look for the message whose fields are dh_p, dh_g and dh_Ys, and which the "
                + "server signs (RFC 5246 §7.4.3).",
            CheckMessageName),
        Exercise.Define<byte[]>(
            "03.2",
            "derive client_write_key from the master secret",
            points: 2,
            hint: "key_block = PRF(master_secret, \"key expansion\", server_random + "
                + "client_random) (RFC 5246 §6.3); the client's key comes first in the block.",
            CheckClientWriteKey),
        Exercise.Define<byte[]>(
            "03.3",
            "recompute the server's verify_data",
            points: 2,
            hint: "verify_data = PRF(master_secret, \"server finished\", "
                + "SHA-256(handshake_messages)), where handshake_messages are all the handshake "
                + "messages this side saw before the server's Finished (RFC 5246 §7.4.9).",
            CheckServerVerifyData),
    ];

    private static string? CheckMessageName(string answer)
    {
        var name = new string(answer.Where(char.IsLetter).ToArray()).ToLowerInvariant();
        return name switch
        {
            "serverkeyexchange" => null,
            "clientkeyexchange" =>
                "ClientKeyExchange carries the client's value, g^a mod p, not the server's.",
            "serverhello" =>
                "ServerHello chooses the version and the suite but carries no key material.",
            "certificate" =>
                "The Certificate carries the server's long-term RSA key, not a Diffie-Hellman "
                + "value; that key only signs.",
            "clienthello" => "ClientHello is sent before the server has chosen anything.",
            "finished" => "Finished carries 12 bytes of verify_data, no public value.",
            "serverhellodone" => "ServerHelloDone is empty: it only ends the server's flight.",
            "" => "The answer is empty: name a handshake message.",
            _ => $"\"{answer}\" is not the name of a handshake message of this handshake.",
        };
    }

    private static string? CheckClientWriteKey(byte[] answer)
    {
        var r = s_reference.Value;
        if (answer.AsSpan().SequenceEqual(r.Keys.ClientWriteKey))
        {
            return null;
        }

        if (answer.Length != 16)
        {
            return $"The answer has {answer.Length} bytes; an AES-128 key has 16.";
        }

        if (answer.AsSpan().SequenceEqual(r.Keys.ServerWriteKey))
        {
            return "That is the server's write key: the client's comes first in the key block.";
        }

        byte[] randomsClientFirst = [.. r.ClientRandom, .. r.ServerRandom];
        var block = TlsPrf.Compute(r.MasterSecret, "key expansion", randomsClientFirst, 40);
        if (answer.AsSpan().SequenceEqual(block.AsSpan(0, 16))
            || answer.AsSpan().SequenceEqual(block.AsSpan(16, 16)))
        {
            return "The seed has the two randoms in the wrong order for key expansion.";
        }

        var master = TlsPrf.Compute(r.MasterSecret, "master secret", randomsClientFirst, 40);
        if (answer.AsSpan().SequenceEqual(master.AsSpan(0, 16)))
        {
            return "That uses the label of the master secret, not the one of key expansion.";
        }

        return "These 16 bytes are not the client_write_key of the notebook's handshake.";
    }

    private static string? CheckServerVerifyData(byte[] answer)
    {
        var r = s_reference.Value;
        if (answer.AsSpan().SequenceEqual(r.ServerVerifyData))
        {
            return null;
        }

        if (answer.Length != Finished.VerifyDataLength)
        {
            return $"The answer has {answer.Length} bytes; verify_data has 12 in TLS 1.2.";
        }

        if (answer.AsSpan().SequenceEqual(r.ClientVerifyData))
        {
            return "That is the client's verify_data; the server's is computed differently.";
        }

        var tooShort = KeySchedule.TranscriptHash(r.MessagesBeforeClientFinished);
        if (answer.AsSpan().SequenceEqual(
            TlsPrf.Compute(r.MasterSecret, "server finished", tooShort, 12)))
        {
            return "The hash leaves out one message the server had already received when it "
                + "wrote its Finished.";
        }

        var full = KeySchedule.TranscriptHash(
            [.. r.MessagesBeforeClientFinished, .. r.ClientFinishedMessage]);
        if (answer.AsSpan().SequenceEqual(
            TlsPrf.Compute(r.MasterSecret, "client finished", full, 12)))
        {
            return "The messages are right but the label is the client's.";
        }

        return "These 12 bytes are not the server's verify_data of the notebook's handshake.";
    }

    private sealed record Reference(
        byte[] MasterSecret,
        byte[] ClientRandom,
        byte[] ServerRandom,
        ConnectionKeys Keys,
        byte[] MessagesBeforeClientFinished,
        byte[] ClientFinishedMessage,
        byte[] ClientVerifyData,
        byte[] ServerVerifyData);
}
