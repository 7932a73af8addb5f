-- wrk script for bench/run.sh webhooks' receiver ceiling: POSTs shaped like Herald's webhook requests (its headers,
-- a body of the envelope's size), each with a webhook-id of its own (the receiver keeps every id, as it does for
-- Herald's), one request in flight per keep-alive connection as Herald's sender does.
-- wrk -t1 -c10 -d10s -s ceiling.lua http://127.0.0.1:PORT/hook PREFIX
local prefix, n = "ceil", 0
local body = '{"id":"evt_0123456789ABCDEFGHJKMNPQRS","eventType":"bench.hook","resourceType":null,"resourceId":null,'
  .. '"tenantId":"default","timestamp":"2026-12-02T17:00:00.000Z","data":{"n":1,"pad":"' .. string.rep("x", 64) .. '"}}'
local headers = {
  ["Content-Type"] = "application/json",
  ["User-Agent"] = "Herald-Webhooks/bench",
  ["webhook-timestamp"] = "1764694800",
  ["webhook-signature"] = "v1," .. string.rep("A", 44),
  ["X-Signature"] = string.rep("a", 64),
}

function init(args)
  prefix = (args[1] or "ceil") .. "-" .. tostring(math.random(1, 1e9))
end

function request()
  n = n + 1
  headers["webhook-id"] = prefix .. "-" .. n
  return wrk.format("POST", nil, headers, body)
end
