-- Reserves an exchange's maximum cost against budget counters and takes from rate-limit buckets, atomically.
-- KEYS: per counter: counter hash, reservation zset, seed state; then one hash per bucket; then the generation;
--       then this call's once key.
-- ARGV: counters, buckets, now, reservation expiry, amount, member, may downgrade (1/0),
--       per counter: limit, mode, grace ms, throttle start, throttle rpm, downgrade at, expire at;
--       per bucket: capacity per minute, cost; then the generation expected ('' for none); then the once key's
--       lifetime (ms).
-- A call that takes something keeps its answer under its once key: the caller retries a call whose answer it did not
-- see in time (ADR 0079), and the retry gets that answer instead of taking the budget and rate limits twice.
local once = KEYS[#KEYS]
local done = redis.call('GET', once)
if done then return cjson.decode(done) end
local nc, nb = tonumber(ARGV[1]), tonumber(ARGV[2])
local now, amount, member = tonumber(ARGV[3]), tonumber(ARGV[5]), ARGV[6]
local mayDown = ARGV[7] == '1'
local function s(x) return string.format('%.0f', x) end
local function arg(i, k) return ARGV[7 + (i - 1) * 7 + k] end
local spent, reserved, excAt, nextAt, limits = {}, {}, {}, {}, {}
-- the generation key and the generation the caller knows come last; a different (or no) generation means the
-- counters were lost since the caller last looked: it must put back its reservations in flight first
local expected = ARGV[#ARGV - 1]
if expected ~= '' and redis.call('GET', KEYS[#KEYS - 1]) ~= expected then return {'RESET', -1} end
for i = 1, nc do
  if redis.call('GET', KEYS[(i - 1) * 3 + 3]) ~= 'seeded' then return {'NOT_SEEDED', i - 1} end
end
for i = 1, nc do
  local c, z = KEYS[(i - 1) * 3 + 1], KEYS[(i - 1) * 3 + 2]
  local expired = redis.call('ZRANGEBYSCORE', z, '-inf', now, 'LIMIT', 0, 64)
  for _, m in ipairs(expired) do
    local amt = string.match(m, ':(%d+)$')
    if redis.call('ZREM', z, m) == 1 and amt then redis.call('HINCRBY', c, 'reserved', '-' .. amt) end
  end
  local v = redis.call('HMGET', c, 'spent', 'reserved', 'exceeded_at', 'next_at')
  spent[i] = tonumber(v[1] or '0')
  reserved[i] = math.max(0, tonumber(v[2] or '0'))
  excAt[i] = tonumber(v[3] or '0')
  nextAt[i] = tonumber(v[4] or '0')
  limits[i] = tonumber(arg(i, 1))
end
local function figures()
  local out = {}
  for i = 1, nc do out[#out + 1] = s(spent[i]); out[#out + 1] = s(reserved[i]) end
  return out
end
local function answer(status, index, retry)
  local out = {status, index, s(retry)}
  for _, x in ipairs(figures()) do out[#out + 1] = x end
  return out
end
local blocks = {}
for i = 1, nc do
  local mode, grace, used = tonumber(arg(i, 2)), tonumber(arg(i, 3)), spent[i] + reserved[i]
  blocks[i] = false
  if mode == 1 then
    blocks[i] = used + amount > limits[i]
  elseif mode == 2 and excAt[i] > 0 and now >= excAt[i] + grace then
    blocks[i] = used + amount > limits[i]
  end
end
if mayDown then
  for i = 1, nc do
    local at = tonumber(arg(i, 6))
    if at >= 0 and (blocks[i] or spent[i] + reserved[i] >= at * limits[i]) then return answer('DOWNGRADE', i - 1, 0) end
  end
end
for i = 1, nc do
  if blocks[i] then return answer('OVER_BUDGET', i - 1, 0) end
end
local intervals = {}
for i = 1, nc do
  local start, rpm = tonumber(arg(i, 4)), tonumber(arg(i, 5))
  intervals[i] = 0
  if start >= 0 and limits[i] > 0 then
    local f = (spent[i] + reserved[i]) / limits[i]
    if f >= start then
      local rate = rpm
      if start < 1 then rate = rpm * (1 - f) / (1 - start) end
      if rate < 1 then rate = 1 end
      intervals[i] = math.floor(60000 / rate)
      if now < nextAt[i] then return answer('THROTTLED', i - 1, nextAt[i] - now) end
    end
  end
end
local tokens = {}
local bo = 7 + nc * 7
for j = 1, nb do
  local k = KEYS[nc * 3 + j]
  local cap, cost = tonumber(ARGV[bo + (j - 1) * 2 + 1]), tonumber(ARGV[bo + (j - 1) * 2 + 2])
  local v = redis.call('HMGET', k, 'tokens', 'at')
  local t, at = cap, now
  if v[1] then t = tonumber(v[1]); at = tonumber(v[2]) end
  t = math.min(cap, t + math.max(0, now - at) * cap / 60000)
  tokens[j] = t
  if cost > cap then return answer('RATE_LIMITED', j - 1, -1) end
  if t < cost then return answer('RATE_LIMITED', j - 1, math.max(1, math.ceil((cost - t) * 60000 / cap))) end
end
for i = 1, nc do
  local c, z, expireAt = KEYS[(i - 1) * 3 + 1], KEYS[(i - 1) * 3 + 2], arg(i, 7)
  if amount > 0 then
    redis.call('HINCRBY', c, 'reserved', ARGV[5])
    redis.call('ZADD', z, ARGV[4], member)
  end
  if intervals[i] > 0 then redis.call('HSET', c, 'next_at', s(now + intervals[i])) end
  redis.call('PEXPIREAT', c, expireAt)
  redis.call('PEXPIREAT', z, expireAt)
end
local out = answer('ADMITTED', -1, 0)
for j = 1, nb do
  local k = KEYS[nc * 3 + j]
  local cap, cost = tonumber(ARGV[bo + (j - 1) * 2 + 1]), tonumber(ARGV[bo + (j - 1) * 2 + 2])
  local left = tokens[j] - cost
  redis.call('HSET', k, 'tokens', string.format('%.6f', left), 'at', s(now))
  redis.call('PEXPIRE', k, 600000)
  out[#out + 1] = s(math.floor(left))
  out[#out + 1] = s(math.ceil((cap - left) * 60000 / cap))
end
redis.call('SET', once, cjson.encode(out), 'PX', ARGV[#ARGV])
return out
