{{/* The chart name, overridable. */}}
{{- define "rgmanager-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The full name prefix of every object. */}}
{{- define "rgmanager-operator.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Labels on every object. */}}
{{- define "rgmanager-operator.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "rgmanager-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: rgmanager-operator
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Labels that select the operator pods. */}}
{{- define "rgmanager-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "rgmanager-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* The ServiceAccount's name. */}}
{{- define "rgmanager-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "rgmanager-operator.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The RoleBinding subject: the operator's ServiceAccount. */}}
{{- define "rgmanager-operator.subject" -}}
- kind: ServiceAccount
  name: {{ include "rgmanager-operator.serviceAccountName" . }}
  namespace: {{ .Release.Namespace }}
{{- end -}}

{{/* Namespaces whose Secrets the operator reads: the listed ones, or the release namespace. */}}
{{- define "rgmanager-operator.secretNamespaces" -}}
{{- $list := .Values.fencing.secretNamespaces | default (list .Release.Namespace) -}}
{{- toJson (uniq $list) -}}
{{- end -}}

{{/* Namespaces of quorum device Leases: the listed ones, or the release namespace. */}}
{{- define "rgmanager-operator.leaseNamespaces" -}}
{{- $list := .Values.quorumDevice.leaseNamespaces | default (list .Release.Namespace) -}}
{{- toJson (uniq $list) -}}
{{- end -}}
