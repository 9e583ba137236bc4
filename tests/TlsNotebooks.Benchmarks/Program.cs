using System.Reflection;
using TlsNotebooks.Benchmarks;

// Usage: dotnet run -c Release --project tests/TlsNotebooks.Benchmarks -- [name ...]
// With no name it lists the benchmarks; "all" runs every one.
var benchmarks = typeof(IBenchmark).Assembly.GetTypes()
    .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(IBenchmark).IsAssignableFrom(t))
    .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
    .OrderBy(b => b.Name, StringComparer.Ordinal)
    .ToList();

if (args.Length == 0)
{
    Console.WriteLine("Benchmarks (run one by name, or \"all\"):");
    foreach (var benchmark in benchmarks)
    {
        Console.WriteLine($"  {benchmark.Name,-20} {benchmark.Description}");
    }

    return 0;
}

var chosen = args.Contains("all")
    ? benchmarks
    : benchmarks.Where(b => args.Contains(b.Name, StringComparer.OrdinalIgnoreCase)).ToList();
var unknown = args.Where(a => a != "all" && benchmarks.All(b => !string.Equals(b.Name, a, StringComparison.OrdinalIgnoreCase)));
foreach (var name in unknown)
{
    Console.Error.WriteLine($"No benchmark is called \"{name}\".");
    return 2;
}

var exitCode = 0;
foreach (var benchmark in chosen)
{
    Console.WriteLine($"== {benchmark.Name}: {benchmark.Description}");
    exitCode = Math.Max(exitCode, benchmark.Run(Console.Out));
}

return exitCode;
