using TlsNotebooks.Tools;

// tlsnb: the collection's command-line tools.
//   run [notebook or folder ...] [--out FOLDER] [--cell-timeout SECONDS]
//   jupyter-kernelspec [--prefix FOLDER]
return args.FirstOrDefault() switch
{
    "run" => await RunCommand.RunAsync(args[1..]),
    "jupyter-kernelspec" => KernelSpecCommand.Run(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        Usage:
          tlsnb run [NOTEBOOK.ipynb | FOLDER ...] [--out FOLDER] [--cell-timeout SECONDS]
              Runs every notebook (default: notebooks/) in the pinned .NET Interactive kernel,
              writes the executed copies (default: artifacts/executed/) and exits 1 if a cell failed.
          tlsnb jupyter-kernelspec [--prefix FOLDER]
              Installs the ".net-csharp" Jupyter kernel, listening on loopback only.
        """);
    return 2;
}
