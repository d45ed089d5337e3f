{{/* The chart name, truncated to 63 characters (DNS label). */}}
{{- define "vnhc-gateway.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The full name: release and chart, truncated to 63 characters. */}}
{{- define "vnhc-gateway.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "vnhc-gateway.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "vnhc-gateway.labels" -}}
helm.sh/chart: {{ include "vnhc-gateway.chart" . }}
{{ include "vnhc-gateway.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "vnhc-gateway.selectorLabels" -}}
app.kubernetes.io/name: {{ include "vnhc-gateway.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "vnhc-gateway.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "vnhc-gateway.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The Secret holding the gateway's secrets: the user's own, or the chart's. */}}
{{- define "vnhc-gateway.secretName" -}}
{{- default (include "vnhc-gateway.fullname" .) .Values.secrets.existingSecret }}
{{- end }}

{{/*
The pod's grace period: preStop's pause, then SHUTDOWN_DRAIN_MS rounded up to whole seconds, then
the margin in which the gateway closes Redis and the platform clients and exits.
*/}}
{{- define "vnhc-gateway.terminationGracePeriodSeconds" -}}
{{- $drainSeconds := div (add (int .Values.gateway.shutdownDrainMs) 999) 1000 }}
{{- add (int .Values.lifecycle.preStopSeconds) $drainSeconds (int .Values.lifecycle.marginSeconds) }}
{{- end }}
