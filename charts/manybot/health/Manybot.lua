-- Argo CD health check for manybot.io/Manybot (Lua 5.1; the global obj is the resource).
-- Progressing until the operator has seen the current spec; Degraded when Stalled; Suspended when
-- suspended or paused by the live directives; Healthy when Ready (message: phase and goal progress); otherwise Progressing.
local hs = { status = "Progressing", message = "waiting for the controller" }

local function condition(conditionType)
  if obj.status == nil or obj.status.conditions == nil then
    return nil
  end
  for _, c in ipairs(obj.status.conditions) do
    if c.type == conditionType then
      return c
    end
  end
  return nil
end

local function isTrue(conditionType)
  local c = condition(conditionType)
  return c ~= nil and c.status == "True"
end

local function messageOf(conditionType, fallback)
  local c = condition(conditionType)
  if c ~= nil and c.message ~= nil and c.message ~= "" then
    return c.message
  end
  return fallback
end

if obj.status == nil then
  return hs
end
local generation = 0
if obj.metadata ~= nil and obj.metadata.generation ~= nil then
  generation = obj.metadata.generation
end
if obj.status.observedGeneration == nil or obj.status.observedGeneration < generation then
  return hs
end

if isTrue("Stalled") then
  hs.status = "Degraded"
  hs.message = messageOf("Stalled", "stalled")
  return hs
end

if obj.status.phase == "Suspended" or (obj.spec ~= nil and obj.spec.suspend == true) then
  hs.status = "Suspended"
  hs.message = "suspended"
  return hs
end

-- Paused by the operator's live directives: no new cycles until they say active again.
if obj.status.phase == "Paused" then
  hs.status = "Suspended"
  hs.message = messageOf("Ready", "paused by the live directives")
  return hs
end

if isTrue("Ready") then
  hs.status = "Healthy"
  hs.message = (obj.status.phase or "Ready") .. ", goal progress " .. (obj.status.progress or "unknown")
  if obj.status.atRisk == true then
    hs.message = hs.message .. " (at risk)"
  end
  return hs
end

if isTrue("Reconciling") then
  hs.message = messageOf("Reconciling", "reconciling")
  return hs
end

hs.message = messageOf("Ready", "not ready yet")
return hs
