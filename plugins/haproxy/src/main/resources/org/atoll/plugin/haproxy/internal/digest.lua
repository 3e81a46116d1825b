-- Atoll: HTTP Digest authentication (RFC 7616: MD5, qop=auth) for HAProxy 2.6.
--
-- Loaded with lua-load. At load time it reads the file named by ATOLL_DIGEST_USERS ("realm <site> <realm>"
-- and "user <site> <user> <HA1 hex>" lines, written by Atoll; clear passwords never reach HAProxy) and the
-- per-proxy secret named by ATOLL_DIGEST_SECRET. Use: http-request lua.atoll_digest <site>
-- A request without valid credentials is answered 401 with a fresh challenge. Nonces are
-- "<unix time hex>-<unique hex>-<generation hex>-<sha256(secret:site:time:unique:generation:secret) hex>":
-- unique to one challenge, unforgeable without the secret, valid for NONCE_TTL seconds, and each of
-- its nonce-counts is accepted once. The generation is random per load of this script, that is per
-- start or reload of the proxy: the nonce-counts seen live in this Lua state and die with it, so a
-- nonce of an earlier generation is stale (the client retries with a fresh one) rather than open to
-- a replay of the counts it already used.

local NONCE_TTL = 300
local MAX_TRACKED = 100000

-- The whole file, or its first n bytes.
local function read_file(path, n)
    local f = io.open(path or "", "rb")
    if not f then
        error("atoll digest: cannot read " .. tostring(path))
    end
    local s = f:read(n or "a")
    f:close()
    if n and (not s or #s ~= n) then
        error("atoll digest: cannot read " .. n .. " bytes of " .. tostring(path))
    end
    return s
end

local secret = read_file(os.getenv("ATOLL_DIGEST_SECRET")):gsub("%s+", "")
if #secret < 32 then
    error("atoll digest: the nonce secret is too short")
end

local generation = read_file("/dev/urandom", 8):gsub(".", function(c) return string.format("%02x", c:byte()) end)

local sites = {}
for line in read_file(os.getenv("ATOLL_DIGEST_USERS")):gmatch("[^\n]+") do
    local site, realm = line:match("^realm (%S+) (%S+)$")
    if site then
        sites[site] = sites[site] or { users = {} }
        sites[site].realm = realm
    else
        local s, user, ha1 = line:match("^user (%S+) (%S+) (%x+)$")
        if not s then
            error("atoll digest: malformed line in the users file")
        end
        sites[s] = sites[s] or { users = {} }
        sites[s].users[user] = ha1:lower()
    end
end

-- nonce -> { nc = highest nonce-count accepted, t = issue time }; one Lua state serves every thread.
local seen = {}
local tracked = 0

local function hash(txn, s, alg)
    return txn.c:hex(txn.c:digest(s, alg)):lower()
end

local function mac(txn, site, stamp, unique, gen)
    return hash(txn, secret .. ":" .. site .. ":" .. stamp .. ":" .. unique .. ":" .. gen .. ":" .. secret, "sha256")
end

math.randomseed(os.time() + math.floor(os.clock() * 1000000))
local issued = 0

local function new_nonce(txn, site)
    local now = core.now()
    issued = (issued + 1) % 0x100000000
    local stamp = string.format("%x", now.sec)
    local unique = string.format("%05x%08x%08x", now.usec, issued, math.random(0, 0x7fffffff))
    return stamp .. "-" .. unique .. "-" .. generation .. "-" .. mac(txn, site, stamp, unique, generation)
end

-- valid, stale
local function check_nonce(txn, site, nonce, now)
    local stamp, unique, gen, m = nonce:match("^(%x+)%-(%x+)%-(%x+)%-(%x+)$")
    if not stamp or #stamp > 12 or #unique > 32 or #gen ~= 16 or m ~= mac(txn, site, stamp, unique, gen) then
        return false, false
    end
    local t = tonumber(stamp, 16)
    if t > now + 5 then
        return false, false
    end
    if now - t > NONCE_TTL or gen ~= generation then
        return false, true
    end
    return true, false
end

local function prune(now)
    for n, e in pairs(seen) do
        if now - e.t > NONCE_TTL then
            seen[n] = nil
            tracked = tracked - 1
        end
    end
end

-- Accepts each nonce-count of a nonce once, in increasing order.
local function fresh_count(nonce, nc, now)
    local e = seen[nonce]
    if e then
        if nc <= e.nc then
            return false
        end
        e.nc = nc
        return true
    end
    if tracked >= MAX_TRACKED then
        prune(now)
        if tracked >= MAX_TRACKED then
            return false
        end
    end
    seen[nonce] = { nc = nc, t = tonumber(nonce:match("^(%x+)"), 16) }
    tracked = tracked + 1
    return true
end

-- The parameters of a "Digest k=v, k="v", ..." header, or nil.
local function parse(header)
    local rest = header:match("^%s*[Dd][Ii][Gg][Ee][Ss][Tt]%s+(.*)$")
    if not rest then
        return nil
    end
    local p, pos = {}, 1
    while pos <= #rest do
        local k, v, nxt = rest:match('^%s*([%w_-]+)%s*=%s*"([^"\\]*)"%s*()', pos)
        if not k then
            k, v, nxt = rest:match('^%s*([%w_-]+)%s*=%s*([^%s,"]+)%s*()', pos)
        end
        if not k then
            return nil
        end
        k = k:lower()
        if p[k] then
            return nil
        end
        p[k] = v
        pos = nxt
        local after = rest:match("^,()", pos)
        if after then
            pos = after
        elseif pos <= #rest then
            return nil
        end
    end
    return p
end

local function challenge(txn, site, stale)
    local s = sites[site]
    local h = 'Digest realm="' .. (s and s.realm or site) .. '", qop="auth", nonce="' .. new_nonce(txn, site)
        .. '", algorithm=MD5'
    if stale then
        h = h .. ", stale=true"
    end
    local reply = txn:reply({
        status = 401,
        reason = "Unauthorized",
        headers = {
            ["www-authenticate"] = { h },
            ["content-type"] = { "text/plain" },
            ["cache-control"] = { "no-store" },
        },
        body = "401 Unauthorized\n",
    })
    txn:done(reply)
end

local function authenticate(txn, site)
    local s = sites[site]
    if not s then
        return challenge(txn, site, false)
    end
    local values = txn.http:req_get_headers()["authorization"]
    if not values or values[0] == nil or values[1] ~= nil then
        return challenge(txn, site, false)
    end
    local p = parse(values[0])
    if not p or not p.username or not p.nonce or not p.uri or not p.response or not p.cnonce or p.cnonce == ""
        or p.qop ~= "auth" or p.realm ~= s.realm or not p.nc or not p.nc:match("^%x%x%x%x%x%x%x%x$")
        or (p.algorithm and p.algorithm:upper() ~= "MD5") then
        return challenge(txn, site, false)
    end
    local ha1 = s.users[p.username]
    if not ha1 or (p.uri ~= txn.f:pathq() and p.uri ~= txn.f:url()) then
        return challenge(txn, site, false)
    end
    local now = core.now().sec
    local valid, stale = check_nonce(txn, site, p.nonce, now)
    if not valid then
        return challenge(txn, site, stale)
    end
    local ha2 = hash(txn, txn.f:method() .. ":" .. p.uri, "MD5")
    local expected = hash(txn, ha1 .. ":" .. p.nonce .. ":" .. p.nc .. ":" .. p.cnonce .. ":auth:" .. ha2, "MD5")
    if expected ~= p.response:lower() or not fresh_count(p.nonce, tonumber(p.nc, 16), now) then
        return challenge(txn, site, false)
    end
end

core.register_action("atoll_digest", { "http-req" }, authenticate, 1)
