-- Appends batches of events to one or more aggregate streams, and a reference to each event
-- (_stream, _id, _version, type) to the feed of the stream's partition. Each stream's batch is
-- all-or-nothing and conditional: it is written if and only if the stream is where its writer
-- last saw it and the server clock has not passed its deadline. Streams are independent: one
-- stream's refusal or error never affects another's. On Redis Cluster the caller passes keys of
-- one partition only (one hash slot); a standalone server takes any mix.
--
-- "Where the writer saw it" is checked one of two ways:
--   * with the id of the last entry the writer read or wrote (the one whose _version is the
--     expected version): that entry must still exist and be the last one. XREVRANGE from the end
--     down to it, COUNT 1, answers both at once: on the hot path it returns exactly that entry.
--     Anything newer is a conflict. Nothing at all, or a missing entry, means the log lost what
--     the writer saw (AOF replay that missed writes under everysec, failover to a lagging replica,
--     a deleted key): 'lost', never an append on top of the hole;
--   * without one (expected version 0, or a writer that has no id): the last entry's _version
--     must equal the expected version, 0 for an empty stream.
--
-- Keys that hold another type never leave a batch half-applied: the stream's shows in the check
-- (redis.pcall), before anything is written; the feed's in the first reference written to it
-- (redis.pcall), and the batch's entries already added are then deleted again. A key cannot change
-- type while a script runs, so that is the first event's reference; no TYPE call costs every
-- call its round trip through Redis for a misconfiguration.
--
-- Foreign entries: an entry another program added with plain XADD has no feed reference, so no
-- reader of the feed would ever see it. A writer that did not write its last entry itself (it
-- read it, or re-read after a conflict) asks the script to verify that entry: if the feed holds
-- no reference to it, a `_resync` marker (_stream, _id = that entry, _version = expected, type
-- '_resync': "derive this stream again from its start up to _id") goes to the feed before the
-- batch's references. The reference is looked for in the feed from the entry id's millisecond
-- on, while feed ids stay in that millisecond: Redis 7 freezes time inside a script, so the
-- script that wrote the entry gave its reference the same millisecond unless the feed's last id
-- was ahead of the clock; then the look misses and one harmless extra `_resync` is written.
--
-- KEYS: per stream, the stream then its partition's feed.
-- ARGV[1] feed MAXLEN ~ (0 = unbounded), then per stream, in KEYS order:
--   expected version, id of the entry holding it ('' = none), deadline in server Unix ms
--   (0 = none), event count, then per event: its field count n, then n values
--   (name, value, ...). Each event's first field is `type`, and the k-th event of a batch
--   carries _version = expected + k: the caller lays entries out that way.
-- Then, optionally, one verify flag per stream in KEYS order ('1' = verify that the writer's
--   last entry is referenced, as above; '0' or absent = trust it). Trailing, so callers of the
--   layout without flags keep working unchanged; a program that cannot know whether its last
--   entry is referenced (any program but the grain that wrote it) passes '1'.
-- Returns one reply per stream: {'ok', id...} | {'conflict', current} | {'lost', current}
--   | {'expired', now} | {'badlast', entry id} | {'error', message}. A `_resync` written is
--   not reported: it changes nothing for the writer.

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

-- The version of the newest entry (0 for none), or the stream's reply when it cannot be told.
local function current_of(stream)
  local last = redis.pcall('XREVRANGE', stream, '+', '-', 'COUNT', 1)
  if last['err'] then return nil, {'error', last['err']} end
  if #last == 0 then return 0, nil end
  local v = version_of(last[1])
  if v == nil then return nil, {'badlast', last[1][1]} end
  return v, nil
end

-- nil when the batch may be written, else the stream's reply.
local function check(stream, expected, after)
  if after ~= '' then
    local tail = redis.pcall('XREVRANGE', stream, '+', after, 'COUNT', 1)
    if tail['err'] then return {'error', tail['err']} end
    if #tail == 1 and tail[1][1] == after then return nil end
    local current, bad = current_of(stream)
    if bad then return bad end
    -- Does the writer's entry still exist? Only asked off the hot path.
    if #redis.call('XRANGE', stream, after, after) == 0 then return {'lost', tostring(current)} end
    return {'conflict', tostring(current)}
  end
  local current, bad = current_of(stream)
  if bad then return bad end
  if current ~= expected then return {'conflict', tostring(current)} end
  return nil
end

-- Whether the feed refers to the stream's entry id: see "Foreign entries" above.
local function referenced(stream, feed, id)
  local ms = string.match(id, '^(%d+)')
  local from = ms .. '-0'
  while true do
    local page = redis.call('XRANGE', feed, from, ms, 'COUNT', 100)
    for _, e in ipairs(page) do
      local f = e[2]
      local s_, i_ = nil, nil
      for i = 1, #f, 2 do
        if f[i] == '_stream' then s_ = f[i + 1] elseif f[i] == '_id' then i_ = f[i + 1] end
      end
      if s_ == stream and i_ == id then return true end
    end
    if #page < 100 then return false end
    from = '(' .. page[#page][1]
  end
end

-- The new reference's id, or nil and the stream's reply when the feed is not a stream.
local function add_to_feed(feed, ...)
  local added
  if maxlen > 0 then
    added = redis.pcall('XADD', feed, 'MAXLEN', '~', maxlen, '*', ...)
  else
    added = redis.pcall('XADD', feed, '*', ...)
  end
  if type(added) == 'table' and added['err'] then return nil, {'error', 'feed ' .. feed .. ': ' .. added['err']} end
  return added, nil
end

-- Where each stream's arguments lie; the optional verify flags follow the last stream's.
local streams = {}
for s = 1, #KEYS / 2 do
  local h = {expected = tonumber(ARGV[pos]), after = ARGV[pos + 1], deadline = tonumber(ARGV[pos + 2]), count = tonumber(ARGV[pos + 3])}
  pos = pos + 4
  h.first = pos
  for e = 1, h.count do pos = pos + tonumber(ARGV[pos]) + 1 end
  streams[s] = h
end

for s = 1, #KEYS / 2 do
  local stream = KEYS[2 * s - 1]
  local feed = KEYS[2 * s]
  local h = streams[s]
  local expected, after, deadline, count = h.expected, h.after, h.deadline, h.count

  local reply
  if deadline > 0 and now > deadline then
    -- A caller that gave up must never see its command applied later (e.g. from a client backlog).
    reply = {'expired', tostring(now)}
  else
    reply = check(stream, expected, after)
  end

  if reply == nil and expected > 0 and ARGV[pos + s - 1] == '1' then
    local last = after
    if last == '' then last = redis.call('XREVRANGE', stream, '+', '-', 'COUNT', 1)[1][1] end
    if not referenced(stream, feed, last) then
      local _, bad = add_to_feed(feed, '_stream', stream, '_id', last, '_version', expected, 'type', '_resync')
      reply = bad
    end
  end

  if reply == nil then
    reply = {'ok'}
    local refs = count > 1 and {} or nil
    local p = h.first
    for e = 1, count do
      local n = tonumber(ARGV[p])
      local id = redis.call('XADD', stream, '*', unpack(ARGV, p + 1, p + n))
      reply[e + 1] = id
      -- Same four fields in every feed entry: Redis stores their names once per node.
      local ref, bad = add_to_feed(feed, '_stream', stream, '_id', id, '_version', expected + e, 'type', ARGV[p + 2])
      if bad then
        -- Undo what the batch wrote (the first event's entry: see above). A stream the batch
        -- created goes again, so it is exactly as the check found it.
        for k = 2, e + 1 do redis.call('XDEL', stream, reply[k]) end
        for k = 1, e - 1 do redis.call('XDEL', feed, refs[k]) end
        if expected == 0 and redis.call('XLEN', stream) == 0 then redis.call('DEL', stream) end
        reply = bad
        break
      end
      if refs then refs[e] = ref end
      p = p + n + 1
    end
  end
  replies[s] = reply
end
return replies
