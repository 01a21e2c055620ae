-- Appends one batch of events to an aggregate stream and to its partition feed, atomically,
-- if and only if the stream's last entry carries _version == expected version.
-- KEYS[1] aggregate stream, KEYS[2] partition feed (same hash slot: {pNN}).
-- ARGV[1] expected version, ARGV[2] deadline in server Unix ms (0 = none),
-- ARGV[3] feed MAXLEN ~ (0 = unbounded), ARGV[4] event count,
-- then per event: its field count n, then n values (name, value, name, value, ...).
-- Returns {'ok', id...} | {'conflict', current} | {'expired', now} | {'badlast', entry id}.

local deadline = tonumber(ARGV[2])
if deadline > 0 then
  -- A caller that gave up must never see its command applied later (e.g. from a client backlog).
  local t = redis.call('TIME')
  local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  if now > deadline then return {'expired', tostring(now)} end
end

local current = 0
local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
if #last > 0 then
  local fields = last[1][2]
  local v = nil
  for i = 1, #fields, 2 do
    if fields[i] == '_version' then v = tonumber(fields[i + 1]) break end
  end
  if v == nil then return {'badlast', last[1][1]} end
  current = v
end
if current ~= tonumber(ARGV[1]) then return {'conflict', tostring(current)} end

local maxlen = tonumber(ARGV[3])
local result = {'ok'}
local pos = 5
for e = 1, tonumber(ARGV[4]) do
  local n = tonumber(ARGV[pos])
  local fields = {}
  for i = 1, n do fields[i] = ARGV[pos + i] end
  pos = pos + n + 1
  local id = redis.call('XADD', KEYS[1], '*', unpack(fields))
  result[#result + 1] = id
  if maxlen > 0 then
    redis.call('XADD', KEYS[2], 'MAXLEN', '~', maxlen, '*', '_stream', KEYS[1], unpack(fields))
  else
    redis.call('XADD', KEYS[2], '*', '_stream', KEYS[1], unpack(fields))
  end
end
return result
