using System.Text.Json.Nodes;
using TlsNotebooks.Tools;
using TlsNotebooks.Tools.Notebooks;

namespace TlsNotebooks.Notebook.Tests;

/// <summary>
/// The kernel the runner starts (<c>dotnet-interactive stdio</c>, as VS Code starts it) must
/// open no listening port: a kernel that listens on every interface would run code for anyone
/// who can reach the machine.
/// </summary>
public class KernelNetworkTests
{
    // Runs inside the kernel: the TCP ports that the kernel's own process listens on, found by
    // matching its socket file descriptors against the kernel's TCP tables (state 0A = LISTEN).
    // It first opens a listener of its own, so a probe that can see nothing cannot pass.
    private const string ListeningPortsCell = """
        using System.IO;
        using System.Net;
        using System.Net.Sockets;

        static int[] ListeningPorts()
        {
            var sockets = new HashSet<string>();
            foreach (var fd in Directory.GetFiles("/proc/self/fd"))
            {
                var target = new FileInfo(fd).LinkTarget;
                if (target is not null && target.StartsWith("socket:["))
                {
                    sockets.Add(target["socket:[".Length..^1]);
                }
            }

            var ports = new List<int>();
            foreach (var table in new[] { "/proc/self/net/tcp", "/proc/self/net/tcp6" })
            {
                foreach (var line in File.Exists(table) ? File.ReadLines(table).Skip(1) : [])
                {
                    var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (f[3] == "0A" && sockets.Contains(f[9]))
                    {
                        ports.Add(Convert.ToInt32(f[1].Split(':')[1], 16));
                    }
                }
            }

            return ports.ToArray();
        }

        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var probePort = ((IPEndPoint)probe.LocalEndpoint).Port;
        var seenWithProbe = ListeningPorts();
        probe.Stop();
        if (!seenWithProbe.Contains(probePort))
        {
            throw new Exception($"the probe did not see its own listener on port {probePort}");
        }

        var open = ListeningPorts();
        if (open.Length > 0)
        {
            throw new Exception("the kernel listens on TCP port(s) " + string.Join(", ", open));
        }

        Console.WriteLine("no listening port");
        """;

    [Fact]
    public async Task RunnerKernel_OpensNoListeningPort()
    {
        await using var kernel = KernelProcess.Start(Repository.NotebooksFolder);

        var events = await kernel.SubmitCodeAsync(
            ListeningPortsCell, "csharp", TimeSpan.FromMinutes(3));

        var last = events[^1];
        Assert.True(
            last["eventType"]!.GetValue<string>() == "CommandSucceeded",
            "the check cell failed: " + last.ToJsonString());
        Assert.Contains(events, e =>
            e["eventType"]!.GetValue<string>() == "StandardOutputValueProduced"
            && (e["event"]?["formattedValues"]?.AsArray() ?? [])
                .Any(v => v!["value"]!.GetValue<string>().Contains("no listening port")));
    }
}
