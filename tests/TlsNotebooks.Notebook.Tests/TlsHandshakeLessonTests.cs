using System.Text;
using System.Text.Json.Nodes;
using Plotly.NET;
using TlsNotebooks.Notebook.Exercises;
using TlsNotebooks.Tls;
using TlsNotebooks.Tls.Crypto;
using TlsNotebooks.Tls.Messages;

namespace TlsNotebooks.Notebook.Tests;

/// <summary>
/// The helpers of notebook 03 (the loopback lab, the man in the middle, the replay, the views)
/// and its exercise checks.
/// </summary>
public class TlsHandshakeLessonTests
{
    static TlsHandshakeLessonTests() => FSharpCoreBinding.Install();

    private static LessonPki Pki => LessonPki.Create();

    private static HandshakeLab Seeded() =>
        HandshakeLab.Start(Pki, seed: TlsHandshakeLesson.Seed).RunHandshake();

    [Fact]
    public void LessonPki_IsTheSameForTheSameName()
    {
        Assert.Same(Pki, LessonPki.Create());
        Assert.Equal("CN=localhost", Pki.ServerCertificate.Subject);
        Assert.True(File.Exists(Pki.ServerKeyPath));
        Assert.NotNull(Pki.LeakServerPrivateKey());
    }

    [Fact]
    public void SeededLab_RepeatsItsBytes_AndRealRandomnessDoesNot()
    {
        using var first = Seeded();
        using var again = Seeded();
        using var live = HandshakeLab.Start(Pki, seed: null).RunHandshake();

        Assert.Equal(first.Client.Transcript.WireBytes(Direction.Sent),
            again.Client.Transcript.WireBytes(Direction.Sent));
        Assert.Equal(first.Client.Transcript.WireBytes(Direction.Received),
            again.Client.Transcript.WireBytes(Direction.Received));
        Assert.NotEqual(first.Client.ClientRandom, live.Client.ClientRandom);
    }

    [Fact]
    public void Lab_BothSidesAgree_AndTheViewsRecomputeTheSameSecrets()
    {
        using var lab = Seeded();
        var text = lab.ExchangeApplicationData();

        Assert.True(lab.Client.IsHandshakeComplete && lab.Server.IsHandshakeComplete);
        Assert.Equal(CipherSuite.TlsDheRsaWithAes128GcmSha256, lab.Client.NegotiatedCipherSuite);
        Assert.Equal(lab.Client.PreMasterSecret, lab.Server.PreMasterSecret);
        Assert.Contains("balance: 1337 EUR", text);
        Assert.Contains("equals", KeyScheduleView.MasterSecret(lab.Client).Fields[^1].Note);
        Assert.All(KeyScheduleView.KeyExpansion(lab.Server).Fields.Skip(4),
            f => Assert.Contains("equals", f.Note));
        var finished = lab.Client.Transcript.Messages.Select(m => m.Message)
            .OfType<Finished>().First();
        var view = KeyScheduleView.VerifyData(lab.Client.MasterSecret, true,
            lab.HandshakeMessagesBeforeClientFinished(), finished.VerifyData);
        Assert.Contains("equals", view.Fields[^1].Note);
        Assert.StartsWith("CLIENT_RANDOM " + Convert.ToHexStringLower(lab.Client.ClientRandom),
            lab.KeyLog);
    }

    [Fact]
    public void LabClient_ChecksTheServerChainWithThePathValidator_RevocationAndNameIncluded()
    {
        using var lab = Seeded();
        var result = lab.ServerChainValidation!;

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(2, result.Path.Count);
        Assert.Contains(result.Trace, c => c.Check == "revocation" && c.Passed);
        Assert.Contains(result.Trace, c => c.Check == "host name" && c.Passed);
    }

    [Fact]
    public void Impostor_WithACertificateFromAnotherRoot_IsRefusedWithUnknownCa()
    {
        using var lab = HandshakeLab.Start(LessonPki.Create("Mallory"), clientTrusts: Pki);
        lab.Client.SendClientHello();
        lab.Server.ReceiveClientHello();
        lab.Server.SendServerFlight();

        var outcome = HandshakeLab.Attempt(() => lab.Client.ReceiveServerFlight());

        Assert.Equal(AlertDescription.UnknownCa, outcome.Alert);
        Assert.Equal(TlsNotebooks.X509.PathValidationFailure.NoPathToTrustAnchor,
            lab.ServerChainValidation!.Failure);
    }

    [Fact]
    public void ManInTheMiddle_ReplacingGb_IsRefusedByTheSignatureCheck()
    {
        var mallory = new TlsManInTheMiddle(TlsRandom.Seeded("mallory"));
        using var lab = HandshakeLab.Start(Pki, clientWire: mallory.Wrap);
        lab.Client.SendClientHello();
        lab.Server.ReceiveClientHello();
        lab.Server.SendServerFlight();

        var outcome = HandshakeLab.Attempt(() => lab.Client.ReceiveServerFlight());

        Assert.False(outcome.Completed);
        Assert.Equal(AlertDescription.DecryptError, outcome.Alert);
        Assert.NotEqual(mallory.Original!.DhYs, mallory.Forged!.DhYs);
        Assert.Equal(mallory.Original.DhP, mallory.Forged.DhP);
        Assert.StartsWith("refused with the alert decrypt_error: ServerKeyExchange",
            outcome.ToString());
    }

    [Fact]
    public void ReplayedClientFlight_IsRefusedByANewServer_WithAnAlertOnTheWire()
    {
        byte[] recorded;
        using (var original = Seeded())
        {
            recorded = original.Client.Transcript.WireBytes(Direction.Sent);
        }

        using var replay = HandshakeLab.Start(Pki, seed: "another day");
        replay.ReplayToServer(recorded);
        var outcome = HandshakeLab.Attempt(() => replay.Server.Accept());
        var answer = replay.ReadUnreadServerBytes();

        Assert.Equal(AlertDescription.BadRecordMac, outcome.Alert);
        Assert.Equal(ServerState.ExpectClientKeyExchange, replay.Server.State);
        // The last record the server sent is a fatal bad_record_mac alert in the clear.
        Assert.Equal([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 20], answer[^7..]);
    }

    [Fact]
    public void ForwardSecrecy_TheLeakedKeyOpensTheRsaSessionOnly()
    {
        using var rsa = HandshakeLab.Start(Pki, CipherSuite.TlsRsaWithAes128GcmSha256, seed: null)
            .RunHandshake();
        rsa.ExchangeApplicationData();
        using var dhe = HandshakeLab.Start(Pki, seed: null).RunHandshake();
        dhe.ExchangeApplicationData();
        using var key = Pki.LeakServerPrivateKey();

        var rsaRecording = RecordedSession.FromTranscript(rsa.Client.Transcript, true);
        var premaster = rsaRecording.RecoverRsaPreMasterSecret(key);
        var records = rsaRecording.Decrypt(rsaRecording.MasterSecretFrom(premaster));
        var dheRecording = RecordedSession.FromTranscript(dhe.Client.Transcript, true);

        Assert.Contains(records, r => r.Type == ContentType.ApplicationData
            && Encoding.ASCII.GetString(r.Plaintext).Contains("balance: 1337 EUR"));
        Assert.Throws<InvalidOperationException>(
            () => dheRecording.RecoverRsaPreMasterSecret(key));
    }

    [Fact]
    public void OpenSslServer_SpeaksTheLessonSuite_WithRsaPssAndTheLessonGroup()
    {
        using var openssl = OpenSslServer.Start(Pki);
        var client = new TlsClient(openssl.Connect(),
            new TlsClientOptions { ServerName = "localhost", CertificateVerifier = Pki.Verifier });

        client.Connect();
        client.Write("GET / HTTP/1.0\r\n\r\n"u8);
        var page = Encoding.ASCII.GetString(client.Read());

        var ske = client.Transcript.Messages.Select(m => m.Message)
            .OfType<ServerKeyExchange>().Single();
        Assert.Equal(SignatureScheme.RsaPssRsaeSha256, ske.SignatureAlgorithm);
        Assert.Equal(TlsNotebooks.DiffieHellman.DhGroups.Ffdhe2048.P,
            new System.Numerics.BigInteger(ske.DhP, isUnsigned: true, isBigEndian: true));
        Assert.StartsWith("HTTP/1.0 200 ok", page);
    }

    [Fact]
    public void Tshark_ReadsTheCookieOnlyWithTheKeyLog()
    {
        Assert.True(Tshark.IsInstalled, "this test needs tshark: apt-get install -y tshark");
        using var lab = Seeded();
        lab.ExchangeApplicationData();
        var folder = Directory.CreateTempSubdirectory("nb03-test-").FullName;
        try
        {
            var capture = Path.Combine(folder, "c.pcap");
            var keyLog = Path.Combine(folder, "keys.txt");
            using (var file = File.Create(capture))
            {
                PcapWriter.Write(file, lab.Client.Transcript, recordedByClient: true);
            }

            File.WriteAllText(keyLog, lab.KeyLog);

            Assert.Contains("session=7d1f0c2a",
                Tshark.Read(capture, keyLog, "http", "http.cookie"));
            Assert.Equal(string.Empty, Tshark.Read(capture, null, "http", "http.cookie"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void FlightDiagram_HasFourHandshakeFlights_AndMarksEncryptedMessages()
    {
        using var lab = Seeded();
        lab.ExchangeApplicationData();
        var diagram = FlightDiagram.Of(lab.Client.Transcript);

        Assert.Equal(4, diagram.Arrows.Max(a => a.Flight));
        Assert.Equal(2, diagram.Arrows.Count(a => a.Flight == 0 && a.Name == "application_data"));
        Assert.Equal(["ClientHello"],
            diagram.Arrows.Where(a => a.Flight == 1).Select(a => a.Name));
        Assert.Equal(2, diagram.Arrows.Count(a => a.Name == "Finished" && a.Encrypted));
        Assert.DoesNotContain(diagram.Arrows, a => a.Name == "ServerKeyExchange" && a.Encrypted);
        Assert.StartsWith("<svg", diagram.ToHtml());
        Assert.Contains("ServerKeyExchange", diagram.ToHtml());
    }

    [Fact]
    public void Charts_PlaceBarsOnACategoryAxis_OneBarPerMessageAndTwoSeriesOfSteps()
    {
        using var lab = Seeded();
        var bytes = JsonNode.Parse(GenericChart.toFigureJson(
            HandshakeCharts.BytesPerMessage(lab.Client.Transcript)))!;
        var steps = HandshakeLab.MedianStepTimes(Pki, count: 2);
        var times = JsonNode.Parse(GenericChart.toFigureJson(
            HandshakeCharts.TimePerStep(steps, "t")))!;

        Assert.Equal("category", bytes["layout"]!["xaxis"]!["type"]!.GetValue<string>());
        Assert.Equal(lab.Client.Transcript.Messages.Count(),
            bytes["data"]![0]!["x"]!.AsArray().Count);
        Assert.Equal(lab.Client.Transcript.Messages.Select(m => (double)m.Bytes.Length),
            bytes["data"]![0]!["y"]!.AsArray().Select(v => v!.GetValue<double>()));
        Assert.Equal(2, times["data"]!.AsArray().Count);
        Assert.Equal(4, steps.Count);
        Assert.All(steps, s => Assert.True(s.ClientMs >= 0 && s.ServerMs >= 0));
    }

    [Fact]
    public void AnnotatedBytes_ColoursLeafFields_AndNamesThem()
    {
        using var lab = Seeded();
        var ske = lab.Client.Transcript.Messages.Single(m => m.Message is ServerKeyExchange);

        var leaves = AnnotatedBytes.Leaves(ske.Fields).Select(f => f.Name).ToList();
        var html = AnnotatedBytes.Of(ske).ToHtml();

        Assert.Contains("dh_Ys", leaves);
        Assert.DoesNotContain("body", leaves);
        Assert.Contains("title=\"dh_Ys\"", html);
        Assert.Contains("(+", html);
    }

    [Fact]
    public void Notebook03_ChecksEachOfItsExercises_AfterASolutionCell_AndLinksItsNeighbours()
    {
        var notebook = TlsNotebooks.Tools.Notebooks.NotebookFile.Load(Path.Combine(
            TlsNotebooks.Tools.Repository.NotebooksFolder, "03-tls-handshake.ipynb"));
        var sources = notebook.Cells
            .Select(c => TlsNotebooks.Tools.Notebooks.NotebookFile.SourceOf(c!)).ToList();

        foreach (var exercise in TlsHandshakeLesson.Exercises)
        {
            var check = sources.FindIndex(s => s.Contains($"Check.Answer(\"{exercise.Id}\""));
            Assert.True(check > 0, $"no check cell for {exercise.Id}");
            Assert.Contains("// BEGIN SOLUTION", sources[check - 1]);
            Assert.Contains("// END SOLUTION", sources[check - 1]);
        }

        var text = string.Concat(sources);
        Assert.Contains("](02-diffie-hellman.ipynb)", text);
        Assert.Contains("](04-x509-certificates.ipynb)", text);
        Assert.DoesNotContain("shared/testdata", text);
    }

    [Theory]
    [InlineData("ServerKeyExchange")]
    [InlineData("server_key_exchange")]
    public void Exercise031_RightNames_Pass(string answer) =>
        Assert.True(Check.Answer("03.1", answer).Passed);

    [Theory]
    [InlineData("ClientKeyExchange", "g^a mod p")]
    [InlineData("Certificate", "long-term")]
    [InlineData("ServerHello", "no key material")]
    [InlineData("Alert", "not the name")]
    public void Exercise031_WrongNames_GetAHintButNeverTheAnswer(string answer, string hint)
    {
        var result = Check.Answer("03.1", answer);

        Assert.False(result.Passed);
        Assert.Contains(hint, result.Message);
        Assert.DoesNotContain("ServerKeyExchange", result.ToString().Replace(
            "RFC 5246 §7.4.3", string.Empty));
    }

    [Fact]
    public void Exercise032_ClientWriteKey_RightAndTypicalMistakes()
    {
        using var lab = Seeded();
        var c = lab.Client;
        byte[] serverFirst = [.. c.ServerRandom, .. c.ClientRandom];
        byte[] clientFirst = [.. c.ClientRandom, .. c.ServerRandom];
        var right = TlsPrf.Compute(c.MasterSecret, "key expansion", serverFirst, 40)[..16];
        var swapped = TlsPrf.Compute(c.MasterSecret, "key expansion", clientFirst, 40)[..16];

        Assert.True(Check.Answer("03.2", right).Passed);
        AssertHint("03.2", swapped, "wrong order", right);
        AssertHint("03.2", c.Keys!.ServerWriteKey, "server's write key", right);
        AssertHint("03.2", right[..8], "16", right);
    }

    [Fact]
    public void Exercise033_ServerVerifyData_RightAndTypicalMistakes()
    {
        using var lab = Seeded();
        var c = lab.Client;
        var finished = c.Transcript.Messages.Select(m => m.Message).OfType<Finished>().ToList();
        var before = lab.HandshakeMessagesBeforeClientFinished();
        byte[] all = [.. before, .. finished[0].ToBytes()];
        var right = KeySchedule.VerifyData(c.MasterSecret, false, KeySchedule.TranscriptHash(all));
        var tooShort = KeySchedule.VerifyData(c.MasterSecret, false,
            KeySchedule.TranscriptHash(before));
        var wrongLabel = KeySchedule.VerifyData(c.MasterSecret, true,
            KeySchedule.TranscriptHash(all));

        Assert.Equal(finished[1].VerifyData, right);
        Assert.True(Check.Answer("03.3", right).Passed);
        AssertHint("03.3", tooShort, "leaves out one message", right);
        AssertHint("03.3", wrongLabel, "label is the client's", right);
        AssertHint("03.3", finished[0].VerifyData, "client's verify_data", right);
    }

    private static void AssertHint(string id, byte[] answer, string hint, byte[] right)
    {
        var result = Check.Answer(id, answer);

        Assert.False(result.Passed);
        Assert.Contains(hint, result.Message);
        Assert.DoesNotContain(Convert.ToHexStringLower(right),
            result.ToString().ToLowerInvariant());
        Assert.DoesNotContain(Convert.ToHexString(right), result.ToString());
    }
}
