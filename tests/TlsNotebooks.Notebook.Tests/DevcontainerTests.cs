using System.Text.Json;
using System.Text.Json.Nodes;
using TlsNotebooks.Tools;

namespace TlsNotebooks.Notebook.Tests;

/// <summary>
/// The devcontainer is read without Docker, as VS Code reads it (JSON with comments), and must
/// name what a student needs. The devcontainers CLI accepts far more than this, so the fields
/// are checked here one by one.
/// </summary>
public class DevcontainerTests
{
    private static JsonNode Config() =>
        JsonNode.Parse(
            File.ReadAllText(Path.Combine(Repository.Root, ".devcontainer", "devcontainer.json")),
            documentOptions: new JsonDocumentOptions
            {
                CommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
            })!;

    [Fact]
    public void Devcontainer_UsesADotNet10Image()
    {
        var image = Config()["image"]!.GetValue<string>();

        Assert.StartsWith("mcr.microsoft.com/devcontainers/dotnet:", image);
        Assert.Contains("10.0", image);
    }

    [Fact]
    public void Devcontainer_InstallsTheNotebookAndCSharpExtensions()
    {
        var extensions = Config()["customizations"]!["vscode"]!["extensions"]!.AsArray()
            .Select(e => e!.GetValue<string>()).ToList();

        Assert.Contains("ms-dotnettools.dotnet-interactive-vscode", extensions);
        Assert.Contains("ms-toolsai.jupyter", extensions);
        Assert.Contains("ms-dotnettools.csharp", extensions);
    }

    [Fact]
    public void Devcontainer_PostCreate_InstallsOpenSsl_RestoresTheKernel_AndBuilds()
    {
        var postCreate = Config()["postCreateCommand"]!.GetValue<string>();

        Assert.Contains(".ci/setup", postCreate);
        Assert.Contains("dotnet tool restore", postCreate);
        Assert.Contains("dotnet build", postCreate);
        var setup = File.ReadAllText(Path.Combine(Repository.Root, ".ci", "setup"));
        Assert.Contains("missing+=(openssl)", setup);
    }

    [Fact]
    public void ToolManifest_PinsTheKernel()
    {
        var manifest = JsonNode.Parse(
            File.ReadAllText(Path.Combine(Repository.Root, ".config", "dotnet-tools.json")))!;

        var kernel = manifest["tools"]!["microsoft.dotnet-interactive"]!;
        Assert.Equal("1.0.712001", kernel["version"]!.GetValue<string>());
    }
}
