-- Appends batches of events to one or more aggregate streams of ONE partition, and a reference
-- to each event (_stream, _id, _version, type) to that partition's feed. Each stream's batch is all-or-nothing and conditional: it is
-- written if and only if the stream's last entry carries _version == its expected version and
-- the server clock has not passed its deadline. Streams are independent of each other.
-- KEYS[1] partition feed, KEYS[2..] aggregate streams (all with the same {pNN} hash tag).
-- ARGV[1] feed MAXLEN ~ (0 = unbounded), then per stream, in KEYS order:
--   expected version, deadline in server Unix ms (0 = none), event count,
--   then per event: its field count n, then n values (name, value, name, value, ...).
-- Returns one reply per stream: {'ok', id...} | {'conflict', current} | {'expired', now} | {'badlast', entry id}.

local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local maxlen = tonumber(ARGV[1])
local feed = KEYS[1]
local replies = {}
local pos = 2

for s = 2, #KEYS do
  local stream = KEYS[s]
  local expected = tonumber(ARGV[pos])
  local deadline = tonumber(ARGV[pos + 1])
  local count = tonumber(ARGV[pos + 2])
  pos = pos + 3
  -- Where this stream's events lie in ARGV, so a refused batch can be skipped.
  local first = pos
  for e = 1, count do pos = pos + tonumber(ARGV[pos]) + 1 end

  local reply
  if deadline > 0 and now > deadline then
    -- A caller that gave up must never see its command applied later (e.g. from a client backlog).
    reply = {'expired', tostring(now)}
  else
    local current = 0
    local last = redis.call('XREVRANGE', stream, '+', '-', 'COUNT', 1)
    if #last > 0 then
      local fields = last[1][2]
      current = nil
      for i = 1, #fields, 2 do
        if fields[i] == '_version' then current = tonumber(fields[i + 1]) break end
      end
      if current == nil then reply = {'badlast', last[1][1]} end
    end
    if reply == nil and current ~= expected then reply = {'conflict', tostring(current)} end
    if reply == nil then
      reply = {'ok'}
      local p = first
      for e = 1, count do
        local n = tonumber(ARGV[p])
        local fields = {}
        for i = 1, n do fields[i] = ARGV[p + i] end
        p = p + n + 1
        local id = redis.call('XADD', stream, '*', unpack(fields))
        reply[#reply + 1] = id
        local version, kind = '', ''
        for i = 1, n, 2 do
          if fields[i] == '_version' then version = fields[i + 1] elseif fields[i] == 'type' then kind = fields[i + 1] end
        end
        -- Same four fields in every feed entry: Redis stores their names once per node.
        if maxlen > 0 then
          redis.call('XADD', feed, 'MAXLEN', '~', maxlen, '*', '_stream', stream, '_id', id, '_version', version, 'type', kind)
        else
          redis.call('XADD', feed, '*', '_stream', stream, '_id', id, '_version', version, 'type', kind)
        end
      end
    end
  end
  replies[#replies + 1] = reply
end
return replies
