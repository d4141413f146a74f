{{/* The chart name. */}}
{{- define "manybot.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The full name of the release's objects. */}}
{{- define "manybot.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else if contains (include "manybot.name" .) .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name (include "manybot.name" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "manybot.selectorLabels" -}}
app.kubernetes.io/name: {{ include "manybot.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "manybot.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "manybot.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/component: operator
{{- end }}

{{- define "manybot.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "manybot.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "manybot.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/* Leader election is on when asked for, and always with more than one replica. */}}
{{- define "manybot.leaderElection" -}}
{{- if or .Values.leaderElection.enabled (gt (int .Values.replicas) 1) }}true{{ else }}false{{ end }}
{{- end }}

{{/* The live directives ConfigMap's name, or empty for none. */}}
{{- define "manybot.directivesConfigMap" -}}
{{- if .Values.directives.configMap }}
{{- .Values.directives.configMap }}
{{- else if .Values.directives.create }}
{{- printf "%s-directives" (include "manybot.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{/* What the operator does in a namespace it watches (a ClusterRole's or a Role's rules). */}}
{{- define "manybot.namespacedRules" -}}
- apiGroups: ["manybot.io"]
  resources: ["manybots", "goals", "subscriptions", "workcycles", "meetings"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["manybot.io"]
  resources: ["manybots/status", "goals/status", "subscriptions/status", "workcycles/status", "meetings/status"]
  verbs: ["update", "patch"]
- apiGroups: ["manybot.io"]
  resources: ["manybots/finalizers", "goals/finalizers", "subscriptions/finalizers", "workcycles/finalizers", "meetings/finalizers"]
  verbs: ["update"]
- apiGroups: ["manybot.io"]
  resources: ["workcycles"]
  verbs: ["create", "delete", "patch"]
# The cluster API's pause/resume and a meeting's wake of its action items' bots: a patch of the manybot.io/paused
# or reconcile-requested-at annotation (never spec); a meeting held on request: the manybot.io/hold annotation.
- apiGroups: ["manybot.io"]
  resources: ["manybots", "meetings"]
  verbs: ["patch"]
- apiGroups: ["batch"]
  resources: ["jobs"]
  verbs: ["create", "get", "list", "watch", "delete"]
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get"]
- apiGroups: [""]
  resources: ["configmaps"]
  verbs: ["get", "list", "watch"]
# The bots' namespace keeps the team board (ConfigMap manybot-team) and the proposals' pull requests (manybot-proposals).
- apiGroups: [""]
  resources: ["configmaps"]
  verbs: ["create", "update"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
- apiGroups: ["events.k8s.io"]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- end }}

{{/* What runner pods (job mode) may do: read their own resources and git Secret, write their WorkCycle status. */}}
{{- define "manybot.runnerRules" -}}
- apiGroups: ["manybot.io"]
  resources: ["manybots", "goals", "workcycles"]
  verbs: ["get"]
- apiGroups: ["manybot.io"]
  resources: ["workcycles/status"]
  verbs: ["get", "patch", "update"]
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get"]
# A team bot's cycle: the planner tree (every Manybot's parent), the team board the operator created, and waking the bots
# that got work (the manybot.io/reconcile-requested-at annotation); a cycle's pull requests are kept in ConfigMap
# manybot-proposals, which the operator creates before the Job.
- apiGroups: ["manybot.io"]
  resources: ["manybots"]
  verbs: ["list", "patch"]
- apiGroups: [""]
  resources: ["configmaps"]
  resourceNames: ["manybot-team", "manybot-proposals"]
  verbs: ["get", "update"]
{{- end }}
