-- Wireshark / tshark dissector for HTCPCP, the Hyper Text Coffee Pot Control Protocol
-- (RFC 2324, and RFC 7168 for teapots), as spoken by `porch coffee`.
--
-- Load it for one run:      tshark -X lua_script:tools/wireshark/htcpcp.lua -r capture.pcapng -V
-- Or install it for good:   copy it into Wireshark's personal Lua plugins folder (Help > About > Folders).
--
-- TCP port 5030 is decoded as HTCPCP. Another port: -o htcpcp.tcp_port:NNNN, Edit > Preferences > Protocols >
-- HTCPCP, or Decode As... > HTCPCP. Traffic that is plainly HTCPCP (a BREW or WHEN, a coffee: URI, an HTCPCP/1.x
-- status line) is also recognised on any port.
--
-- Messages split across TCP segments are reassembled: the head up to its blank line, then Content-Length bytes
-- of body. Without Content-Length (as clients in the wild send it) the body is what came with the head.

local htcpcp = Proto("htcpcp", "Hyper Text Coffee Pot Control Protocol")

local fields = {
    request = ProtoField.bool("htcpcp.request", "Request"),
    response = ProtoField.bool("htcpcp.response", "Response"),
    method = ProtoField.string("htcpcp.request.method", "Method"),
    uri = ProtoField.string("htcpcp.request.uri", "Request URI"),
    version = ProtoField.string("htcpcp.version", "Version"),
    code = ProtoField.uint16("htcpcp.response.code", "Status Code"),
    phrase = ProtoField.string("htcpcp.response.phrase", "Reason Phrase"),
    header = ProtoField.string("htcpcp.header", "Header"),
    content_type = ProtoField.string("htcpcp.content_type", "Content-Type"),
    content_length = ProtoField.uint32("htcpcp.content_length", "Content-Length"),
    accept_additions = ProtoField.string("htcpcp.accept_additions", "Accept-Additions"),
    addition = ProtoField.string("htcpcp.addition", "Addition"),
    use_pot = ProtoField.string("htcpcp.use_pot", "Use-Pot"),
    alternates = ProtoField.string("htcpcp.alternates", "Alternates"),
    server = ProtoField.string("htcpcp.server", "Server"),
    date = ProtoField.string("htcpcp.date", "Date"),
    retry_after = ProtoField.string("htcpcp.retry_after", "Retry-After"),
    body = ProtoField.string("htcpcp.body", "Body"),
    command = ProtoField.string("htcpcp.command", "Coffee command"),
}
htcpcp.fields = fields

local experts = {
    teapot = ProtoExpert.new("htcpcp.teapot", "418 I'm a teapot: coffee was asked of a teapot",
        expert.group.RESPONSE_CODE, expert.severity.NOTE),
    error = ProtoExpert.new("htcpcp.error", "The pot refused the request",
        expert.group.RESPONSE_CODE, expert.severity.WARN),
}
htcpcp.experts = experts

-- Header fields with a field of their own, by lower-case name.
local known_headers = {
    ["content-type"] = fields.content_type,
    ["accept-additions"] = fields.accept_additions,
    ["use-pot"] = fields.use_pot,
    ["alternates"] = fields.alternates,
    ["server"] = fields.server,
    ["date"] = fields.date,
    ["retry-after"] = fields.retry_after,
}

-- RFC 2324 section 3: the word for coffee in many languages, percent-encoded UTF-8; compared in lower case.
local coffee_schemes = {}
for _, scheme in ipairs({ "koffie", "q%c3%a6hv%c3%a6", "%d9%82%d9%87%d9%88%d8%a9", "akeita", "koffee", "kahva",
    "kafe", "caf%c3%e8", "caf%c3%a9", "%e5%92%96%e5%95%a1", "kava", "k%c3%a1va", "kaffe", "coffee", "kafo", "kohv",
    "kahvi", "%4baffee", "kaffee", "%ce%ba%ce%b1%cf%86%ce%ad", "%e0%a4%95%e0%a5%8c%e0%a4%ab%e0%a5%80",
    "%e3%82%b3%e3%83%bc%e3%83%92%e3%83%bc", "%ec%bb%a4%ed%94%bc", "%d0%ba%d0%be%d1%84%d0%b5",
    "%e0%b8%81%e0%b8%b2%e0%b9%81%e0%b8%9f" }) do
    coffee_schemes[scheme] = true
end

local function parse_request_line(line)
    return line:match("^(%S+) (%S+) ([%w%-]+/%d+%.%d+)$")
end

local function parse_status_line(line)
    local version, code, phrase = line:match("^([%w%-]+/%d+%.%d+) (%d%d%d) ?(.*)$")
    return version, tonumber(code), phrase
end

-- Whether a first line is HTCPCP even on an unknown port: HTCPCP-only methods, a coffee URI, or an HTCPCP version.
local function looks_like_htcpcp(line)
    if line:match("^HTCPCP[%w%-]*/1%.%d ") or line:match(" HTCPCP[%w%-]*/1%.%d$") then
        return true
    end
    local method, target = line:match("^(%u+) (%S+) ")
    if method == "BREW" or method == "WHEN" then
        return true
    end
    local scheme = target and target:match("^([^:/]+):")
    return scheme ~= nil and coffee_schemes[scheme:lower()] == true
end

local function add_additions(item, tvb, offset, value)
    local position = 1
    for element in (value .. ","):gmatch("([^,;]*)[,;]") do
        local start = value:find(element, position, true) or position
        local trimmed = element:match("^%s*(.-)%s*$")
        if trimmed ~= "" and not trimmed:find("=", 1, true) then
            item:add(fields.addition, tvb(offset + start - 1, #element), trimmed)
        end
        position = start + #element
    end
end

-- Dissects one message at offset. Returns the bytes it used; 0 if it is not HTCPCP; or nil and how many more bytes
-- are needed (DESEGMENT_ONE_MORE_SEGMENT when unknown).
local function dissect_message(tvb, pinfo, tree, offset)
    local available = tvb:len() - offset
    local text = tvb:raw(offset, available)
    local first_end = text:find("\n", 1, true)
    local first_line = (first_end and text:sub(1, first_end - 1) or text):gsub("\r$", "")
    local method, uri, version = parse_request_line(first_line)
    local status_version, code, phrase = parse_status_line(first_line)
    if not first_end then
        -- The first line is still arriving: wait for it if it could be a method or a status line.
        if first_line:match("^%u[%u%-]*$") or first_line:match("^%u+ ") or first_line:match("^HTCPCP") then
            return nil, DESEGMENT_ONE_MORE_SEGMENT
        end
        return 0
    end
    if not method and not status_version then
        return 0
    end

    local head_end, body_start = text:find("\r?\n\r?\n")
    if not head_end then
        return nil, DESEGMENT_ONE_MORE_SEGMENT
    end

    local headers = {}
    local position = first_end + 1
    while position < head_end do
        local line_end = text:find("\n", position, true)
        local line = text:sub(position, line_end - 1):gsub("\r$", "")
        local name, value = line:match("^([^:]+):%s*(.-)%s*$")
        headers[#headers + 1] = { offset = position - 1, length = #line, line = line, name = name, value = value }
        position = line_end + 1
    end

    local content_length
    for _, header in ipairs(headers) do
        if header.name and header.name:lower() == "content-length" then
            content_length = tonumber(header.value)
        end
    end
    local body_length = content_length or (available - body_start)
    if content_length and available < body_start + content_length then
        return nil, body_start + content_length - available
    end

    local length = body_start + body_length
    local item = tree:add(htcpcp, tvb(offset, length))
    if method then
        item:append_text(": " .. method .. " " .. uri)
        item:add(fields.request, tvb(offset, #first_line), true):set_generated()
        item:add(fields.method, tvb(offset, #method), method)
        item:add(fields.uri, tvb(offset + #method + 1, #uri), uri)
        item:add(fields.version, tvb(offset + #first_line - #version, #version), version)
    else
        item:append_text(": " .. code .. " " .. phrase)
        item:add(fields.response, tvb(offset, #first_line), true):set_generated()
        item:add(fields.version, tvb(offset, #status_version), status_version)
        local code_item = item:add(fields.code, tvb(offset + #status_version + 1, 3), code)
        item:add(fields.phrase, tvb(offset + #status_version + 5, #phrase), phrase)
        if code == 418 then
            code_item:add_proto_expert_info(experts.teapot)
        elseif code >= 400 then
            code_item:add_proto_expert_info(experts.error, code .. " " .. phrase)
        end
    end

    for _, header in ipairs(headers) do
        local range = tvb(offset + header.offset, header.length)
        local header_item = item:add(fields.header, range, header.line)
        local field = header.name and known_headers[header.name:lower()]
        if header.name and header.name:lower() == "content-length" and content_length then
            header_item:add(fields.content_length, range, content_length)
        elseif field then
            local sub = header_item:add(field, range, header.value)
            if field == fields.accept_additions then
                add_additions(sub, tvb, offset + header.offset + #header.line - #header.value, header.value)
            end
        end
    end

    if body_length > 0 then
        local body = text:sub(body_start + 1, body_start + body_length)
        local body_item = item:add(fields.body, tvb(offset + body_start, body_length), body)
        local command = body:match("^%s*(%a+)%s*$")
        if method and command and (command:lower() == "start" or command:lower() == "stop") then
            body_item:add(fields.command, tvb(offset + body_start, body_length), command:lower())
        end
    end

    local info = method and (method .. " " .. uri .. " " .. version) or (status_version .. " " .. code .. " " .. phrase)
    if tostring(pinfo.cols.protocol) == "HTCPCP" then
        pinfo.cols.info:append(" , " .. info)
    else
        pinfo.cols.protocol = "HTCPCP"
        pinfo.cols.info = info
    end
    return length
end

function htcpcp.dissector(tvb, pinfo, tree)
    local offset = 0
    while offset < tvb:len() do
        local used, needed = dissect_message(tvb, pinfo, tree, offset)
        if used == nil then
            pinfo.desegment_offset = offset
            pinfo.desegment_len = needed
            return tvb:len()
        end
        if used == 0 then
            return offset
        end
        offset = offset + used
    end
    return offset
end

local function heuristic(tvb, pinfo, tree)
    local text = tvb:raw(0, math.min(tvb:len(), 512))
    local first_line = (text:match("^([^\n]*)\n") or text):gsub("\r$", "")
    if not looks_like_htcpcp(first_line) then
        return false
    end
    pinfo.conversation = htcpcp
    htcpcp.dissector(tvb, pinfo, tree)
    return true
end

htcpcp.prefs.tcp_port = Pref.uint("TCP port", 5030, "TCP port decoded as HTCPCP (the pot's port; 5030 by default)")

local tcp_ports = DissectorTable.get("tcp.port")
local registered_port = htcpcp.prefs.tcp_port
tcp_ports:add(registered_port, htcpcp)
tcp_ports:add_for_decode_as(htcpcp)
htcpcp:register_heuristic("tcp", heuristic)

function htcpcp.prefs_changed()
    if htcpcp.prefs.tcp_port ~= registered_port then
        tcp_ports:remove(registered_port, htcpcp)
        registered_port = htcpcp.prefs.tcp_port
        tcp_ports:add(registered_port, htcpcp)
    end
end
