namespace Porch.Coffee;

internal enum PotKind
{
    /// <summary>Brews coffee (RFC 2324); asked for tea it answers 415 and points at a teapot.</summary>
    Coffee,

    /// <summary>Brews tea varieties (RFC 7168); asked for coffee it answers 418 I'm a teapot.</summary>
    Tea,
}
