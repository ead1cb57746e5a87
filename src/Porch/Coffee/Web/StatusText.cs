using Porch.Wire.Htcpcp;

namespace Porch.Coffee.Web;

/// <summary>A friendly face for every status a pot answers with (and the front end's own 502).</summary>
internal static class StatusText
{
    public const int PotUnreachable = 502;

    public static (string Icon, string Title, string Explanation) For(int status) => status switch
    {
        HtcpcpStatus.Ok => ("☕", "Done", "The pot did what you asked."),
        HtcpcpStatus.MultipleOptions => ("🍵", "Which tea?",
            "A teapot brews nothing until you pick a variety (RFC 7168 §2.1.1). It listed them in its Alternates header."),
        HtcpcpStatus.BadRequest => ("🤔", "The pot did not understand",
            "The request was not valid HTCPCP: a coffee: URI, a known scheme, lines ending in CRLF, and a body of start or stop."),
        HtcpcpStatus.NotFound => ("🔍", "No such pot",
            "The server has no pot (or tea) by that name. Pots are named in the URI (coffee://ducky) or the Use-Pot header."),
        HtcpcpStatus.NotAcceptable => ("🥛", "Not acceptable",
            "The pot cannot provide one of the additions you asked for (RFC 2324 §2.3.1). Here is what it can add."),
        HtcpcpStatus.Conflict => ("🤷", "Nothing to do", "The pot is not in a state where that makes sense."),
        HtcpcpStatus.ContentTooLarge => ("📦", "Too much", "The command was larger than any coffee command needs to be."),
        HtcpcpStatus.UnsupportedMediaType => ("🧾", "Wrong kind of order",
            "The Content-Type must be message/coffeepot or application/coffee-pot-command for coffee, message/teapot for tea, and match the pot."),
        HtcpcpStatus.ImATeapot => ("🍵", "I'm a teapot",
            "You asked a teapot to brew coffee. It is short and stout, and it refuses (RFC 2324 §2.3.2). Ask a coffee pot."),
        HtcpcpStatus.NotImplemented => ("🛠️", "Unknown method",
            "A pot understands BREW (or POST), GET, PROPFIND and WHEN, nothing else."),
        HtcpcpStatus.ServiceUnavailable => ("⏳", "Busy brewing", "The pot brews one thing at a time. Wait until it is done, or stop it."),
        PotUnreachable => ("🔌", "The pot did not answer", "The front end could not talk to the pot server over TCP."),
        _ => ("❓", $"Status {status}", "The pot answered with a status this page does not know."),
    };
}
