using System.Text.Json;
using System.Text.Json.Nodes;

namespace TlsNotebooks.Tools.Notebooks;

/// <summary>
/// A Jupyter notebook (nbformat 4) as the .NET Interactive front ends save it, kept as JSON so
/// that metadata this code does not know about survives a round trip untouched.
/// </summary>
public sealed class NotebookFile
{
    // As Jupyter writes notebooks: one space of indentation, non-ASCII text as it is (a file,
    // never a script block in a page, so the relaxed escaping is safe here).
    private static readonly JsonSerializerOptions s_writeOptions = new()
    {
        WriteIndented = true,
        IndentSize = 1,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private NotebookFile(string path, JsonObject root)
    {
        Path = path;
        Root = root;
    }

    /// <summary>Where the notebook was read from.</summary>
    public string Path { get; }

    /// <summary>The whole document.</summary>
    public JsonObject Root { get; }

    /// <summary>The file name without its folder or extension, such as "00-start-here".</summary>
    public string Name => System.IO.Path.GetFileNameWithoutExtension(Path);

    /// <summary>The cells, in order.</summary>
    public JsonArray Cells =>
        Root["cells"] as JsonArray
        ?? throw new InvalidDataException($"{Path}: the notebook has no \"cells\" array.");

    /// <summary>Reads a notebook, with an error that names the file if it is not one.</summary>
    public static NotebookFile Load(string path)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid JSON: {e.Message}", e);
        }

        if (node is not JsonObject root || root["cells"] is not JsonArray)
        {
            throw new InvalidDataException($"{path}: not a Jupyter notebook (no \"cells\" array).");
        }

        return new NotebookFile(path, root);
    }

    /// <summary>A notebook built in memory, as if read from <paramref name="path"/>.</summary>
    public static NotebookFile FromJson(string path, JsonObject root)
    {
        if (root["cells"] is not JsonArray)
        {
            throw new InvalidDataException($"{path}: not a Jupyter notebook (no \"cells\" array).");
        }

        return new NotebookFile(path, root);
    }

    /// <summary>
    /// The source of a cell as one string (nbformat allows a string or a list of lines).
    /// </summary>
    public static string SourceOf(JsonNode cell) => cell["source"] switch
    {
        JsonArray lines => string.Concat(lines.Select(l => l?.GetValue<string>() ?? "")),
        JsonValue text => text.GetValue<string>(),
        _ => "",
    };

    /// <summary>The kernel a code cell runs in: Polyglot's cell metadata, else C#.</summary>
    public static string KernelOf(JsonNode cell) =>
        cell["metadata"]?["polyglot_notebook"]?["kernelName"]?.GetValue<string>()
        ?? cell["metadata"]?["dotnet_interactive"]?["language"]?.GetValue<string>()
        ?? "csharp";

    /// <summary>Writes the notebook as indented JSON, the way Jupyter does.</summary>
    public void Save(string path)
    {
        Directory.CreateDirectory(
            System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        File.WriteAllText(path, Root.ToJsonString(s_writeOptions) + "\n");
    }

    /// <summary>A deep copy, so that outputs can be added without touching the source.</summary>
    public NotebookFile Clone() => new(Path, (JsonObject)Root.DeepClone());
}
