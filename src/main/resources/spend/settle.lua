-- Settles a reservation to the exchange's actual cost and reports thresholds crossed for the first time.
-- KEYS: per counter: counter hash, reservation zset, seed state, journal; then one hash per bucket; then this call's
--       once key.
-- ARGV: counters, buckets, now, actual, member, reserved amount, request id,
--       per counter: limit, expire at, thresholds (comma separated); per bucket: capacity, tokens to give back;
--       then the once key's lifetime (ms).
-- The answer is kept under the once key: a retry after a timeout (ADR 0079) gets it and counts nothing twice.
local once = KEYS[#KEYS]
local done = redis.call('GET', once)
if done then return cjson.decode(done) end
local nc, nb = tonumber(ARGV[1]), tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local function s(x) return string.format('%.0f', x) end
local out = {}
for i = 1, nc do
  local c, z, seed, journal = KEYS[(i - 1) * 4 + 1], KEYS[(i - 1) * 4 + 2], KEYS[(i - 1) * 4 + 3], KEYS[(i - 1) * 4 + 4]
  local o = 7 + (i - 1) * 3
  local limit, expireAt, thresholds = tonumber(ARGV[o + 1]), ARGV[o + 2], ARGV[o + 3]
  if redis.call('ZREM', z, ARGV[5]) == 1 then redis.call('HINCRBY', c, 'reserved', '-' .. ARGV[6]) end
  local spent = redis.call('HINCRBY', c, 'spent', ARGV[4])
  if redis.call('GET', seed) ~= 'seeded' then
    redis.call('RPUSH', journal, ARGV[7])
    redis.call('PEXPIREAT', journal, expireAt)
  end
  if spent >= limit and not redis.call('HGET', c, 'exceeded_at') then redis.call('HSET', c, 'exceeded_at', s(now)) end
  local crossed, index = '', 0
  for th in string.gmatch(thresholds, '[^,]+') do
    if spent >= tonumber(th) and redis.call('HSETNX', c, 'f' .. index, '1') == 1 then
      crossed = crossed .. index .. ','
    end
    index = index + 1
  end
  redis.call('PEXPIREAT', c, expireAt)
  out[#out + 1] = s(spent)
  out[#out + 1] = crossed
end
local bo = 7 + nc * 3
for j = 1, nb do
  local k = KEYS[nc * 4 + j]
  local cap, give = tonumber(ARGV[bo + (j - 1) * 2 + 1]), tonumber(ARGV[bo + (j - 1) * 2 + 2])
  local v = redis.call('HMGET', k, 'tokens', 'at')
  if v[1] and give ~= 0 then
    local t = math.min(cap, tonumber(v[1]) + math.max(0, now - tonumber(v[2])) * cap / 60000 + give)
    redis.call('HSET', k, 'tokens', string.format('%.6f', t), 'at', s(now))
  end
end
redis.call('SET', once, cjson.encode(out), 'PX', ARGV[#ARGV])
return out
