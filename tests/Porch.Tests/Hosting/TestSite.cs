using Porch.Tests.Support;

namespace Porch.Tests.Hosting;

/// <summary>A temporary folder with named static roots, each holding an index.html that says its name.</summary>
internal sealed class TestSite : IDisposable
{
    private readonly TempDirectory directory = new("porch-hosting-");

    public string Path => directory.Path;

    /// <summary>Creates (once) the folder <paramref name="name"/> whose index.html contains <paramref name="name"/>.</summary>
    public string Root(string name)
    {
        var root = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(root);
        File.WriteAllText(System.IO.Path.Combine(root, "index.html"), name);
        return root;
    }

    public void Dispose() => directory.Dispose();
}
