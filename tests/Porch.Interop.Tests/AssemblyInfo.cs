using System.Runtime.Versioning;

// The tests exercise Unix file modes, Linux sockets and Debian peers: they run on Linux only.
[assembly: SupportedOSPlatform("linux")]
