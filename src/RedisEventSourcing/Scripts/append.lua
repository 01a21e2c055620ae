-- Appends batches of events to one or more aggregate streams, and a reference to each event
-- (_stream, _id, _version, type) to the feed of the stream's partition. Each stream's batch is
-- all-or-nothing and conditional: it is written if and only if the stream is where its writer
-- last saw it and the server clock has not passed its deadline. Streams are independent. On
-- Redis Cluster the caller passes keys of one partition only (one hash slot); a standalone
-- server takes any mix.
--
-- "Where the writer saw it" is checked one of two ways:
--   * with the id of the last entry the writer read or wrote (the one whose _version is the
--     expected version): no entry may follow it. The reply to that range is empty on the hot
--     path, so Redis neither decodes nor converts an entry (profiling: the full read of the
--     last entry was a fifth of the script's cost);
--   * without one (expected version 0, or a writer that has no id): the last entry's _version
--     must equal the expected version, 0 for an empty stream.
--
-- KEYS: per stream, the stream then its partition's feed.
-- ARGV[1] feed MAXLEN ~ (0 = unbounded), then per stream, in KEYS order:
--   expected version, id of the entry holding it ('' = none), deadline in server Unix ms
--   (0 = none), event count, then per event: its field count n, then n values
--   (name, value, ...). Each event's first field is `type`, and the k-th event of a batch
--   carries _version = expected + k: the caller lays entries out that way.
-- Returns one reply per stream: {'ok', id...} | {'conflict', current} | {'expired', now} | {'badlast', entry id}.

local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local maxlen = tonumber(ARGV[1])
local replies = {}
local pos = 2

local function version_of(entry)
  local fields = entry[2]
  for i = 1, #fields, 2 do
    if fields[i] == '_version' then return tonumber(fields[i + 1]) end
  end
  return nil
end

for s = 1, #KEYS / 2 do
  local stream = KEYS[2 * s - 1]
  local feed = KEYS[2 * s]
  local expected = tonumber(ARGV[pos])
  local after = ARGV[pos + 1]
  local deadline = tonumber(ARGV[pos + 2])
  local count = tonumber(ARGV[pos + 3])
  pos = pos + 4
  -- Where this stream's events lie in ARGV, so a refused batch can be skipped.
  local first = pos
  for e = 1, count do pos = pos + tonumber(ARGV[pos]) + 1 end

  local reply
  if deadline > 0 and now > deadline then
    -- A caller that gave up must never see its command applied later (e.g. from a client backlog).
    reply = {'expired', tostring(now)}
  elseif after ~= '' then
    local later = redis.call('XREVRANGE', stream, '+', '(' .. after, 'COUNT', 1)
    if #later > 0 then
      local current = version_of(later[1])
      if current == nil then reply = {'badlast', later[1][1]} else reply = {'conflict', tostring(current)} end
    end
  else
    local last = redis.call('XREVRANGE', stream, '+', '-', 'COUNT', 1)
    local current = 0
    if #last > 0 then current = version_of(last[1]) end
    if current == nil then reply = {'badlast', last[1][1]}
    elseif current ~= expected then reply = {'conflict', tostring(current)} end
  end

  if reply == nil then
    reply = {'ok'}
    local p = first
    for e = 1, count do
      local n = tonumber(ARGV[p])
      local id = redis.call('XADD', stream, '*', unpack(ARGV, p + 1, p + n))
      reply[e + 1] = id
      -- Same four fields in every feed entry: Redis stores their names once per node.
      if maxlen > 0 then
        redis.call('XADD', feed, 'MAXLEN', '~', maxlen, '*', '_stream', stream, '_id', id, '_version', expected + e, 'type', ARGV[p + 2])
      else
        redis.call('XADD', feed, '*', '_stream', stream, '_id', id, '_version', expected + e, 'type', ARGV[p + 2])
      end
      p = p + n + 1
    end
  end
  replies[s] = reply
end
return replies
