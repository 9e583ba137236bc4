using System.Text;
using TlsNotebooks.Tls;
using TlsNotebooks.Tls.Messages;

namespace TlsNotebooks.Tests.Tls;

/// <summary>
/// Our client against our server over loopback TCP: suites, EMS, mutual TLS, steps.
/// </summary>
public class LoopbackHandshakeTests
{
    [Theory]
    [InlineData(CipherSuite.TlsDheRsaWithAes128GcmSha256, true)]
    [InlineData(CipherSuite.TlsDheRsaWithAes128GcmSha256, false)]
    [InlineData(CipherSuite.TlsEcdheRsaWithAes128GcmSha256, true)]
    [InlineData(CipherSuite.TlsRsaWithAes128GcmSha256, true)]
    public void Client_and_server_agree_and_exchange_data(CipherSuite suite, bool ems)
    {
        using var loopback = new Loopback<TlsServer>(stream =>
        {
            var server = new TlsServer(stream, OpenSslClientInteropTests.ServerOptions(suite));
            server.Accept();
            var request = server.Read();
            server.Write([.. Encoding.ASCII.GetBytes("echo "), .. request]);
            server.Close();
            return server;
        });
        using var tcp = TlsTestPki.Connect(loopback.Port);
        var client = new TlsClient(tcp.GetStream(), TlsTestPki.ClientOptions(suite, ems: ems));

        client.Connect();
        client.Write(Encoding.ASCII.GetBytes("ping"));
        var reply = OpenSslServerInteropTests.ReadAll(client);
        var server = loopback.Wait();

        Assert.Equal("echo ping", reply);
        Assert.Equal(suite, server.NegotiatedCipherSuite);
        Assert.Equal(ems, client.UsesExtendedMasterSecret);
        Assert.Equal(ems, server.UsesExtendedMasterSecret);
        Assert.Equal(client.MasterSecret, server.MasterSecret);
        Assert.Equal(client.KeyLogLine, server.KeyLogLine);
        Assert.Equal("localhost", server.RequestedServerName);
        Assert.Equal(48, client.MasterSecret.Length);
    }

    [Fact]
    public void Large_write_is_split_into_records_of_at_most_2_pow_14()
    {
        var payload = new byte[40_000];
        new Random(7).NextBytes(payload);
        using var loopback = new Loopback<byte[]>(stream =>
        {
            var server = new TlsServer(stream, OpenSslClientInteropTests.ServerOptions());
            server.Accept();
            var received = new List<byte>();
            while (received.Count < payload.Length)
            {
                received.AddRange(server.Read());
            }

            return received.ToArray();
        });
        using var tcp = TlsTestPki.Connect(loopback.Port);
        var client = new TlsClient(tcp.GetStream(), TlsTestPki.ClientOptions());
        client.Connect();

        client.Write(payload);

        Assert.Equal(payload, loopback.Wait());
        var dataRecords = client.Transcript.Records
            .Where(r => r.Direction == Direction.Sent
                && r.ContentType == ContentType.ApplicationData)
            .ToList();
        Assert.Equal(3, dataRecords.Count);
        Assert.All(dataRecords, r => Assert.True(r.Bytes.Length <= 5 + (1 << 14) + 24));
    }

    [Fact]
    public void Steppable_api_exposes_each_flight()
    {
        using var loopback = new Loopback<TlsServer>(stream =>
        {
            var server = new TlsServer(stream, OpenSslClientInteropTests.ServerOptions());
            var hello = server.ReceiveClientHello();
            Assert.Equal(ServerState.SendServerHello, server.State);
            server.SendServerFlight();
            server.ReceiveClientFlight();
            server.SendServerFinished();
            return server;
        });
        using var tcp = TlsTestPki.Connect(loopback.Port);
        var client = new TlsClient(tcp.GetStream(), TlsTestPki.ClientOptions());

        var clientHello = client.SendClientHello();
        Assert.Equal(ClientState.ExpectServerHello, client.State);
        var flight = client.ReceiveServerFlight();
        var mine = client.SendClientFlight();
        var finished = client.ReceiveServerFinished();
        var server = loopback.Wait();

        Assert.Equal(clientHello.Random, server.ClientRandom);
        Assert.Equal(flight.ServerHello.Random, server.ServerRandom);
        Assert.Equal(CipherSuite.TlsDheRsaWithAes128GcmSha256, client.NegotiatedCipherSuite);
        Assert.NotNull(flight.ServerKeyExchange);
        Assert.Null(flight.CertificateRequest);
        Assert.Equal(256, mine.ClientKeyExchange.ExchangeKeys.Length);
        Assert.Equal(12, finished.VerifyData.Length);
        Assert.Equal(ClientState.Connected, client.State);
        Assert.Equal(4, client.Timings.Count);
        Assert.Throws<InvalidOperationException>(() => client.SendClientHello());
        Assert.Contains("dh_Ys", flight.ServerKeyExchange!.ToString());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Mutual_tls_with_client_certificate(bool presentCertificate)
    {
        using var loopback = new Loopback<TlsServer>(stream =>
        {
            var server = new TlsServer(stream, OpenSslClientInteropTests.ServerOptions(
                clientAuthentication: presentCertificate
                    ? ClientAuthentication.Required
                    : ClientAuthentication.Optional));
            server.Accept();
            return server;
        });
        using var tcp = TlsTestPki.Connect(loopback.Port);
        var client = new TlsClient(tcp.GetStream(), TlsTestPki.ClientOptions(
            clientCertificate: presentCertificate ? TlsTestPki.Client : null));

        client.Connect();
        var server = loopback.Wait();

        var sent = client.Transcript.Messages.Select(m => m.Message).ToList();
        Assert.Single(sent.OfType<CertificateRequest>());
        Assert.Equal(presentCertificate ? 1 : 0, sent.OfType<CertificateVerify>().Count());
        Assert.Equal(presentCertificate ? 2 : 0, server.PeerCertificates.Count);
    }

    [Fact]
    public void Server_requiring_certificate_refuses_client_without_one()
    {
        using var loopback = new Loopback<bool>(stream =>
        {
            var server = new TlsServer(stream, OpenSslClientInteropTests.ServerOptions(
                clientAuthentication: ClientAuthentication.Required));
            server.Accept();
            return true;
        });
        using var tcp = TlsTestPki.Connect(loopback.Port);
        var client = new TlsClient(tcp.GetStream(), TlsTestPki.ClientOptions());

        var clientError = Assert.Throws<TlsAlertException>(() => client.Connect());
        var serverError = Assert.IsType<TlsAlertException>(loopback.WaitForException());

        Assert.Equal(AlertDescription.HandshakeFailure, serverError.Description);
        Assert.False(serverError.Received);
        Assert.Equal(AlertDescription.HandshakeFailure, clientError.Description);
        Assert.True(clientError.Received);
    }

    [Fact]
    public async Task One_call_accept_and_connect_talk_to_each_other()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
            var accepted = Task.Run(() =>
            {
                using var server = TlsServer.Accept(
                    listener, OpenSslClientInteropTests.ServerOptions());
                server.Write(server.Read());
                return server.NegotiatedCipherSuite;
            });

            using var client = TlsClient.Connect("127.0.0.1", port, TlsTestPki.ClientOptions());
            client.Write("round trip"u8);

            Assert.Equal("round trip"u8.ToArray(), client.Read());
            var suite = await accepted.WaitAsync(TimeSpan.FromSeconds(20));
            Assert.Equal(CipherSuite.TlsDheRsaWithAes128GcmSha256, suite);
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public void One_call_accept_times_out_without_a_client()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var options = OpenSslClientInteropTests.ServerOptions();
            var quick = new TlsServerOptions
            {
                Credential = options.Credential,
                ReadTimeout = TimeSpan.FromMilliseconds(200),
            };

            Assert.Throws<TimeoutException>(() => TlsServer.Accept(listener, quick));
        }
        finally
        {
            listener.Stop();
        }
    }
}
