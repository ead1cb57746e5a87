using System.Text;
using Porch.Tests.Support;

namespace Porch.Tests.StaticFiles;

/// <summary>
/// A temporary folder to serve, with a sibling "outside" folder holding a secret that must never be served, so
/// traversal and link tests have a real target to miss. Deleted on dispose.
/// </summary>
internal sealed class SiteFolder : IDisposable
{
    public const string Secret = "TOP-SECRET-OUTSIDE-THE-ROOT";

    private readonly TempDirectory folder = new("porch-static-");

    public SiteFolder()
    {
        Root = Path.Combine(Base, "www");
        Outside = Path.Combine(Base, "outside");
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(Outside);
        File.WriteAllText(Path.Combine(Outside, "secret.txt"), Secret);
    }

    /// <summary>Holds both <see cref="Root"/> and <see cref="Outside"/>.</summary>
    public string Base => folder.Path;

    public string Root { get; }

    public string Outside { get; }

    public string Write(string relative, string content) => Write(relative, Encoding.UTF8.GetBytes(content));

    public string Write(string relative, byte[] content)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return path;
    }

    public void Link(string relative, string target)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.CreateSymbolicLink(path, target);
    }

    public void Folder(string relative) => Directory.CreateDirectory(Path.Combine(Root, relative));

    /// <summary>Text that compresses well, of at least <paramref name="length"/> bytes.</summary>
    public static string CompressibleText(int length)
    {
        var text = new StringBuilder();
        for (var i = 0; text.Length < length; i++)
        {
            text.Append("<p>Line ").Append(i).Append(" of a page that repeats itself, as markup does.</p>\n");
        }

        return text.ToString();
    }

    public void Dispose() => folder.Dispose();
}
