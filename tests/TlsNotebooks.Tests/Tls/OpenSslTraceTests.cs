using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using TlsNotebooks.Tls;
using TlsNotebooks.Tls.Crypto;
using TlsNotebooks.Tls.Extensions;
using TlsNotebooks.Tls.Messages;

namespace TlsNotebooks.Tests.Tls;

/// <summary>
/// The two recorded OpenSSL 3.0 mutual-TLS handshakes of tls12-trace/ (with and without
/// extended master secret): every message parsed and written back byte for byte, the keys
/// re-derived from the logged master secret, the records decrypted, the Finished values and
/// both signatures checked.
/// </summary>
public class OpenSslTraceTests
{
    public static TheoryData<string> Traces() => new(
        "dhe_rsa_aes128gcm_mtls_ems.json", "dhe_rsa_aes128gcm_mtls_noems.json");

    [Theory]
    [MemberData(nameof(Traces))]
    public void Every_message_parses_and_writes_back_identically(string file)
    {
        var trace = Load(file);
        var messages = Messages(trace);

        Assert.Equal(
            ["ClientHello", "ServerHello", "Certificate", "ServerKeyExchange",
             "CertificateRequest", "ServerHelloDone", "Certificate", "ClientKeyExchange",
             "CertificateVerify"],
            messages.Select(m => m.Message.GetType().Name));
        foreach (var (bytes, message) in messages)
        {
            Assert.Equal(bytes, message.ToBytes());
            Assert.StartsWith(message.GetType().Name, message.ToString());
        }

        var hello = (ClientHello)messages[0].Message;
        var serverHello = (ServerHello)messages[1].Message;
        Assert.Equal(Hex(trace, "client_random"), hello.Random);
        Assert.Equal(Hex(trace, "server_random"), serverHello.Random);
        Assert.Equal((ushort)CipherSuite.TlsDheRsaWithAes128GcmSha256, serverHello.CipherSuite);
        Assert.Equal(Str(trace, "extended_master_secret") == "yes",
            serverHello.Find<ExtendedMasterSecretExtension>() is not null);
        Assert.Equal("localhost", hello.Find<ServerNameExtension>()!.HostName);
    }

    [Theory]
    [MemberData(nameof(Traces))]
    public void Keys_and_finished_rederive_from_master_secret(string file)
    {
        var trace = Load(file);
        var messages = Messages(trace);
        var master = Hex(trace, "master_secret");
        var clientRandom = Hex(trace, "client_random");
        var serverRandom = Hex(trace, "server_random");

        var keys = KeySchedule.ExpandKeys(master, clientRandom, serverRandom);
        Assert.Equal(Hex(trace, "key_block_40"),
            KeySchedule.KeyBlock(master, clientRandom, serverRandom));
        Assert.Equal(Hex(trace, "client_write_key"), keys.ClientWriteKey);
        Assert.Equal(Hex(trace, "server_write_key"), keys.ServerWriteKey);
        Assert.Equal(Hex(trace, "client_write_iv_salt"), keys.ClientWriteIv);
        Assert.Equal(Hex(trace, "server_write_iv_salt"), keys.ServerWriteIv);

        // RFC 7627 §3: the session hash runs through ClientKeyExchange (the 8th message).
        var throughKeyExchange = messages.Take(8).SelectMany(m => m.Bytes).ToArray();
        Assert.Equal(Hex(trace, "session_hash_sha256_through_ClientKeyExchange"),
            KeySchedule.TranscriptHash(throughKeyExchange));

        var all = messages.SelectMany(m => m.Bytes).ToArray();
        Assert.Equal(Hex(trace, "transcript_hash_for_client_finished"),
            KeySchedule.TranscriptHash(all));
        var clientVerify = KeySchedule.VerifyData(master, true, KeySchedule.TranscriptHash(all));
        Assert.Equal(Hex(trace, "client_verify_data"), clientVerify);

        var clientFinished = new Finished { VerifyData = clientVerify }.ToBytes();
        var serverVerify = KeySchedule.VerifyData(
            master, false, KeySchedule.TranscriptHash([.. all, .. clientFinished]));
        Assert.Equal(Hex(trace, "server_verify_data"), serverVerify);
    }

    [Theory]
    [MemberData(nameof(Traces))]
    public void Encrypted_records_decrypt_with_rederived_keys(string file)
    {
        var trace = Load(file);
        var keys = KeySchedule.ExpandKeys(Hex(trace, "master_secret"),
            Hex(trace, "client_random"), Hex(trace, "server_random"));

        var fromClient = Decrypt(trace, "client_to_server_records",
            new RecordProtection(keys.ClientWriteKey, keys.ClientWriteIv), out var none);
        Assert.Empty(none);
        var fromServer = Decrypt(trace, "server_to_client_records",
            new RecordProtection(keys.ServerWriteKey, keys.ServerWriteIv), out var failed);

        var expectedClient = trace.GetProperty("client_encrypted_records_decrypted")
            .EnumerateArray().Select(r => Str(r, "plaintext")).ToList();
        Assert.Equal(expectedClient, fromClient.Select(Convert.ToHexStringLower));
        Assert.Equal("GET / HTTP/1.0\r\n\r\n", Encoding.ASCII.GetString(fromClient[1]));
        Assert.Equal(new Alert(AlertLevel.Warning, AlertDescription.CloseNotify),
            Alert.Parse(fromClient[2]));

        Assert.Equal(Str(trace.GetProperty("server_encrypted_records_decrypted")[0], "plaintext"),
            Convert.ToHexStringLower(fromServer[0]));

        // The server's application data record (sequence number 1) is stored cut short in
        // the capture: its first 6096 bytes decrypt as "HTTP/1.0 200 ok..." under the
        // keystream, but the tag cannot match. The close_notify after it still opens with
        // sequence number 2, which shows the count of records is right.
        Assert.Equal([1UL], failed);
        Assert.Equal(new Alert(AlertLevel.Warning, AlertDescription.CloseNotify),
            Alert.Parse(fromServer[1]));
    }

    [Theory]
    [MemberData(nameof(Traces))]
    public void Server_key_exchange_and_certificate_verify_signatures_check(string file)
    {
        var trace = Load(file);
        var messages = Messages(trace);
        var serverCert = ((Certificate)messages[2].Message).LoadCertificates()[0];
        var ske = (ServerKeyExchange)messages[3].Message;
        var clientCert = ((Certificate)messages[6].Message).LoadCertificates()[0];
        var verify = (CertificateVerify)messages[8].Message;
        var signedByClient = messages.Take(8).SelectMany(m => m.Bytes).ToArray();

        using var serverKey = serverCert.GetRSAPublicKey()!;
        TlsSignatures.Verify(serverKey, ske.SignatureAlgorithm,
            ske.SignedData(Hex(trace, "client_random"), Hex(trace, "server_random")),
            ske.Signature, "ServerKeyExchange");
        using var clientKey = clientCert.GetRSAPublicKey()!;
        TlsSignatures.Verify(clientKey, verify.Algorithm, signedByClient, verify.Signature,
            "CertificateVerify");

        // The same signature over different bytes must fail with decrypt_error.
        signedByClient[^1] ^= 1;
        var e = Assert.Throws<TlsAlertException>(() => TlsSignatures.Verify(clientKey,
            verify.Algorithm, signedByClient, verify.Signature, "CertificateVerify"));
        Assert.Equal(AlertDescription.DecryptError, e.Description);
        Assert.Equal(2048, ske.DhP.Length * 8);
    }

    private static List<byte[]> Decrypt(JsonElement trace, string name, RecordProtection keys,
        out List<ulong> failed)
    {
        var plaintexts = new List<byte[]>();
        failed = new List<ulong>();
        var afterChangeCipherSpec = false;
        foreach (var record in trace.GetProperty(name).EnumerateArray())
        {
            var type = (ContentType)record.GetProperty("type").GetInt32();
            if (type == ContentType.ChangeCipherSpec)
            {
                afterChangeCipherSpec = true;
                continue;
            }

            if (afterChangeCipherSpec)
            {
                var split = SplitCoalesced(type, Hex(record, "fragment"));
                foreach (var (recordType, fragment) in split)
                {
                    var seq = keys.SequenceNumber;
                    try
                    {
                        plaintexts.Add(keys.Open(recordType, 0x0303, fragment));
                    }
                    catch (TlsAlertException e)
                        when (e.Description == AlertDescription.BadRecordMac)
                    {
                        failed.Add(seq);
                    }
                }
            }
        }

        return plaintexts;
    }

    /// <summary>
    /// The capture stored the server's last application data record and the close_notify
    /// record that followed it as one "fragment": the alert record, header included, sits
    /// at the end. It is found by its header, whose length must reach exactly to the end.
    /// </summary>
    private static IEnumerable<(ContentType, byte[])> SplitCoalesced(
        ContentType type,
        byte[] bytes)
    {
        for (var k = 24; k + 5 <= bytes.Length; k++)
        {
            var length = (bytes[k + 3] << 8) | bytes[k + 4];
            if (bytes[k] == (byte)ContentType.Alert && bytes[k + 1] == 3 && bytes[k + 2] == 3
                && k + 5 + length == bytes.Length)
            {
                yield return (type, bytes[..k]);
                yield return (ContentType.Alert, bytes[(k + 5)..]);
                yield break;
            }
        }

        yield return (type, bytes);
    }

    internal static JsonElement Load(string file) => JsonDocument.Parse(
        File.ReadAllText(TestData.PathTo("tls12-trace", file))).RootElement;

    internal static List<(byte[] Bytes, HandshakeMessage Message)> Messages(JsonElement trace) =>
        trace.GetProperty("handshake_messages").EnumerateArray()
            .Select(m => Convert.FromHexString(Str(m, "hex")))
            .Select(b => (b, HandshakeMessage.Parse(b, KeyExchangeAlgorithm.DheRsa)))
            .ToList();

    private static byte[] Hex(JsonElement e, string name) => Convert.FromHexString(Str(e, name));

    private static string Str(JsonElement e, string name) => e.GetProperty(name).GetString()!;
}
