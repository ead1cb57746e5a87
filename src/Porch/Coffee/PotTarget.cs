namespace Porch.Coffee;

/// <summary>
/// Which pot (and tea variety) a request is for. <see cref="Pot"/> null with no <see cref="NotFound"/> means no pot
/// was designated at all (<c>/</c>, <c>coffee://</c>): the server answers with the list of what it can brew.
/// </summary>
internal readonly record struct PotTarget(Pot? Pot, TeaVariety? Variety, string? NotFound);
