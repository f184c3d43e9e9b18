-- wrk script: POSTs one GraphQL query, read from the file given after `--`, as
-- {"query": "…"} to the URL's path, and prints a JSON summary line (prefixed WRK_JSON) at the end
-- so bench/run.sh needs no parsing of wrk's text report.
--
--   wrk -t1 -c64 -d10s --latency -s bench/wrk/post_graphql.lua http://127.0.0.1:4000/graphql -- query.graphql

local function json_string(s)
  local escaped = s:gsub('[%c"\\]', function(c)
    if c == '"' then return '\\"' end
    if c == '\\' then return '\\\\' end
    if c == '\n' then return '\\n' end
    if c == '\r' then return '\\r' end
    if c == '\t' then return '\\t' end
    return string.format('\\u%04x', c:byte())
  end)
  return '"' .. escaped .. '"'
end

local request_bytes

function init(args)
  local file = assert(io.open(assert(args[1], "usage: -- QUERY_FILE"), "rb"))
  local query = file:read("*a")
  file:close()
  local body = '{"query":' .. json_string(query) .. '}'
  request_bytes = wrk.format("POST", nil, {
    ["Content-Type"] = "application/json",
    ["Accept"] = "application/graphql-response+json, application/json",
  }, body)
end

function request()
  return request_bytes
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests":%d,"seconds":%.3f,"rps":%.1f,"bytes":%d,' ..
    '"latency_us":{"mean":%.1f,"p50":%d,"p90":%d,"p99":%d,"max":%d},' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}}\n',
    summary.requests, seconds, summary.requests / seconds, summary.bytes,
    latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end
