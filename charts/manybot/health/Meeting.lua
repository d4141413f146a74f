-- Argo CD health check for manybot.io/Meeting (Lua 5.1; the global obj is the resource).
-- Progressing until the operator has seen the current spec; Degraded when Stalled (an invalid spec)
-- or when its last holding failed (Ready=False, MeetingFailed); Suspended when spec.suspend is true;
-- Healthy when Ready (message: the last holding or the next time); otherwise Progressing.
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

local ready = condition("Ready")
if ready ~= nil and ready.status == "False" and ready.reason == "MeetingFailed" then
  hs.status = "Degraded"
  hs.message = messageOf("Ready", "the last holding failed")
  return hs
end

if obj.spec ~= nil and obj.spec.suspend == true then
  hs.status = "Suspended"
  hs.message = "suspended"
  return hs
end

if isTrue("Ready") then
  hs.status = "Healthy"
  hs.message = messageOf("Ready", "scheduled")
  return hs
end

hs.message = messageOf("Ready", "not ready yet")
return hs
