using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using TlsNotebooks.Http;
using TlsNotebooks.Relay;
using TlsNotebooks.Tests.Tls;
using TlsNotebooks.Tls;

namespace TlsNotebooks.Tests.Relay;

/// <summary>
/// What the relay shows: plain HTTP gives the password away and can be changed silently; TLS
/// shows noise, and a changed record fails its integrity check.
/// </summary>
public class RelayEavesdropTests
{
    private const string Password = "correct horse battery staple";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public void Plain_http_through_the_relay_shows_the_password()
    {
        using var server = LoopbackHttpServer.Start(r => new HttpReply(200, "welcome"));
        using var relay = OnPathRelay.Start(server.Port);
        using var client = LoopbackHttpClient.Create(relay.Port);

        var reply = client.PostForm("/login", ("user", "alice"), ("password", Password));

        Assert.Equal("welcome", reply);
        Assert.Equal(Password, server.Requests.Single().Form["password"]);
        Assert.True(relay.WaitForClosed(1, Patience));
        var seen = Encoding.ASCII.GetString(relay.Captured(RelayDirection.ClientToServer));
        Assert.Contains("password=correct+horse+battery+staple", seen);
        Assert.Contains("welcome", Encoding.ASCII.GetString(
            relay.Captured(RelayDirection.ServerToClient)));
    }

    [Fact]
    public void An_active_attacker_changes_the_amount_and_the_server_cannot_tell()
    {
        using var server = LoopbackHttpServer.Start(r =>
            new HttpReply(200, $"sent {r.Form["amount"]} to {r.Form["to"]}"));
        // Same length: Content-Length still says what the client sent, and a longer body
        // would be cut there.
        var attacker = new TextReplacer("to=bob&amount=10", "to=eve&amount=99",
            RelayDirection.ClientToServer);
        using var relay = OnPathRelay.Start(server.Port, new RelayOptions { Editor = attacker });
        using var client = LoopbackHttpClient.Create(relay.Port);

        var reply = client.PostForm("/transfer", ("to", "bob"), ("amount", "10"));

        Assert.Equal(1, attacker.Replacements);
        Assert.Equal("99", server.Requests.Single().Form["amount"]);
        Assert.Equal("sent 99 to eve", reply);
        Assert.Contains(relay.Chunks, c => c.Modified);
    }

    [Fact]
    public void Tls_through_the_relay_shows_no_plaintext_of_the_request()
    {
        var request = Encoding.ASCII.GetBytes(
            $"POST /login HTTP/1.1\r\nHost: localhost\r\n\r\npassword={Password}");
        using var loopback = new Loopback<byte[]>(stream =>
        {
            var server = new TlsServer(stream, OpenSslClientInteropTests.ServerOptions());
            server.Accept();
            var received = server.Read();
            server.Write("HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\nwelcome"u8);
            server.Close();
            return received;
        });
        using var relay = OnPathRelay.Start(loopback.Port);
        using var tcp = TlsTestPki.Connect(relay.Port);
        var client = new TlsClient(tcp.GetStream(), TlsTestPki.ClientOptions());
        client.Connect();
        client.Write(request);
        var reply = OpenSslServerInteropTests.ReadAll(client);
        tcp.Client.Shutdown(SocketShutdown.Send);

        Assert.Equal(request, loopback.Wait());
        Assert.EndsWith("welcome", reply);
        Assert.True(relay.WaitForClosed(1, Patience));
        var up = relay.Captured(RelayDirection.ClientToServer);
        var down = relay.Captured(RelayDirection.ServerToClient);
        Assert.Equal(client.Transcript.WireBytes(Direction.Sent), up);
        Assert.Equal(client.Transcript.WireBytes(Direction.Received), down);
        foreach (var secret in new[] { Password, "POST", "login", "welcome" })
        {
            var bytes = Encoding.ASCII.GetBytes(secret);
            Assert.True(up.AsSpan().IndexOf(bytes) < 0, $"\"{secret}\" is readable upstream");
            Assert.True(down.AsSpan().IndexOf(bytes) < 0, $"\"{secret}\" is readable downstream");
        }
    }

    [Fact]
    public void A_flipped_bit_in_an_application_data_record_ends_in_bad_record_mac()
    {
        using var loopback = new Loopback<byte[]>(stream =>
        {
            var server = new TlsServer(stream, OpenSslClientInteropTests.ServerOptions());
            server.Accept();
            return server.Read();
        });
        var attacker = new RecordBitFlipper(RelayDirection.ClientToServer, contentType: 23);
        using var relay = OnPathRelay.Start(loopback.Port, new RelayOptions { Editor = attacker });
        using var tcp = TlsTestPki.Connect(relay.Port);
        var client = new TlsClient(tcp.GetStream(), TlsTestPki.ClientOptions());
        client.Connect();
        client.Write(Encoding.ASCII.GetBytes("amount=10"));

        var failure = Assert.IsType<TlsAlertException>(loopback.WaitForException());
        Assert.Equal(AlertDescription.BadRecordMac, failure.Description);
        Assert.False(failure.Received);
        Assert.True(attacker.Flipped);
        var sent = Assert.IsType<TlsAlertException>(Record.Exception(() => client.Read()));
        Assert.Equal(AlertDescription.BadRecordMac, sent.Description);
        Assert.True(sent.Received);
    }

    [Fact]
    public void Record_bit_flipper_follows_records_across_chunk_boundaries()
    {
        // Two records: handshake (3 bytes) then application_data (4 bytes), fed 2 bytes at a
        // time so headers and fragments straddle chunks.
        byte[] stream = [22, 3, 3, 0, 3, 1, 2, 3, 23, 3, 3, 0, 4, 10, 11, 12, 13];
        var flipper = new RecordBitFlipper(RelayDirection.ClientToServer, 23, 1, 2);
        var output = new List<byte>();
        for (var i = 0; i < stream.Length; i += 2)
        {
            var chunk = stream[i..Math.Min(stream.Length, i + 2)];
            output.AddRange(flipper.Edit(
                new ChunkPosition(1, RelayDirection.ClientToServer, i), chunk));
        }

        var expected = (byte[])stream.Clone();
        expected[13 + 2] ^= 1;
        Assert.Equal(expected, output);
        Assert.Equal(stream, flipper.Edit(
            new ChunkPosition(1, RelayDirection.ServerToClient, 0), stream));
    }

    [Fact]
    public void Text_replacer_changes_only_its_direction_and_counts()
    {
        var replacer = new TextReplacer("bob", "eve", RelayDirection.ServerToClient);
        var up = new ChunkPosition(1, RelayDirection.ClientToServer, 0);
        var down = new ChunkPosition(1, RelayDirection.ServerToClient, 0);

        Assert.Equal("to bob", Encoding.ASCII.GetString(replacer.Edit(up, "to bob"u8.ToArray())));
        Assert.Equal("eve, eve", Encoding.ASCII.GetString(
            replacer.Edit(down, "bob, bob"u8.ToArray())));
        Assert.Equal(2, replacer.Replacements);
    }

    [Theory]
    [InlineData("-tls1_2", SslProtocols.Tls12, "TLS 1.2", 2, true)]
    [InlineData("-tls1_3", SslProtocols.Tls13, "TLS 1.3", 1, false)]
    public void Wire_records_show_what_each_version_leaves_readable(string flag,
        SslProtocols protocol, string version, int roundTrips, bool certificateReadable)
    {
        // OpenSSL's s_server, with no TLS 1.3 session tickets: a server sends them right
        // after the handshake, racing the client's request, and they would count as one more
        // flight before it. (SslStream as a server cannot be told not to send them.)
        var port = OpenSslProcess.FreePort();
        using var server = StartOpenSsl($"s_server -accept 127.0.0.1:{port} {flag} "
            + $"-num_tickets 0 -cert {OpenSslProcess.Pki("server.pem")} "
            + $"-key {OpenSslProcess.Pki("server.key")} "
            + $"-cert_chain {OpenSslProcess.Pki("inter.pem")} -www");
        using var relay = OnPathRelay.Start(port);
        using var tcp = TlsTestPki.Connect(relay.Port);
        using var ssl = new SslStream(tcp.GetStream());
        ssl.ReadTimeout = 10_000;
        ssl.AuthenticateAsClient(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            EnabledSslProtocols = protocol,
            CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                CustomTrustStore = { TlsTestPki.Root },
                RevocationMode = X509RevocationMode.NoCheck,
            },
        });
        var clientWrites = relay.Elapsed;
        ssl.Write("GET / HTTP/1.0\r\n\r\n"u8);
        using (var reader = new StreamReader(ssl, leaveOpen: true))
        {
            Assert.Contains("s_server", reader.ReadToEnd());
        }

        tcp.Client.Shutdown(SocketShutdown.Send);
        Assert.True(relay.WaitForClosed(1, Patience));

        var records = WireRecords.Of(relay.Connections.Single());
        Assert.Equal(version, WireRecords.NegotiatedVersion(records));
        Assert.True(roundTrips == WireRecords.RoundTripsBefore(records, clientWrites),
            $"client wrote at {clientWrites.TotalMilliseconds} ms:\n"
            + string.Join("\n", records));
        Assert.Equal(certificateReadable,
            records.Any(r => r.Readable && r.Messages.Contains("Certificate")));
        var certificate = TlsTestPki.Server.Certificate.RawData;
        Assert.Equal(certificateReadable,
            relay.Captured(RelayDirection.ServerToClient).AsSpan().IndexOf(certificate) >= 0);
        Assert.Contains(records, r => r.Readable && r.Messages.Contains("ClientHello"));
        Assert.Contains(records, r => r.Readable && r.Messages.Contains("ServerHello"));
        Assert.Contains(records, r => !r.Readable && r.ContentType == 23);
    }

    /// <summary>An openssl child process that has printed ACCEPT; Dispose kills it.</summary>
    private static KillOnDispose StartOpenSsl(string arguments)
    {
        var process = Process.Start(new ProcessStartInfo("openssl", arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        })!;
        var accepted = new TaskCompletionSource();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("ACCEPT") == true)
            {
                accepted.TrySetResult();
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!accepted.Task.Wait(TimeSpan.FromSeconds(10)))
        {
            process.Kill();
            throw new TimeoutException("openssl s_server did not start");
        }

        return new KillOnDispose(process);
    }

    private sealed class KillOnDispose(Process process) : IDisposable
    {
        public void Dispose()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }

            process.Dispose();
        }
    }
}
