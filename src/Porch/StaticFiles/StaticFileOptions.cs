namespace Porch.StaticFiles;

/// <summary>A static route: the folder (absolute, as given) and whether folders without index.html are listed.</summary>
internal sealed record StaticFileOptions(string Root, bool Browse);
