{{- define "aurelis.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "aurelis.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else if contains (include "aurelis.name" .) .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name (include "aurelis.name" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "aurelis.selectorLabels" -}}
app.kubernetes.io/name: {{ include "aurelis.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "aurelis.labels" -}}
{{ include "aurelis.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
environment: {{ include "aurelis.environment" . }}
{{- end -}}

{{/* The configuration: configFile's text when set (as aurelis deploy values writes it), else config. */}}
{{- define "aurelis.config" -}}
{{- if .Values.configFile -}}{{ .Values.configFile | fromYaml | toYaml }}{{- else -}}{{ toYaml .Values.config }}{{- end -}}
{{- end -}}

{{/* The running environment: .Values.environment, else config.environment, else production. */}}
{{- define "aurelis.environment" -}}
{{- .Values.environment | default (include "aurelis.config" . | fromYaml).environment | default "production" -}}
{{- end -}}

{{/* config.environments.<running environment>, or an empty map. */}}
{{- define "aurelis.profile" -}}
{{- $envs := (include "aurelis.config" . | fromYaml).environments | default dict -}}
{{- toYaml (index $envs (include "aurelis.environment" .) | default dict) -}}
{{- end -}}

{{- define "aurelis.ha" -}}
{{- toYaml ((include "aurelis.config" . | fromYaml).high_availability | default dict) -}}
{{- end -}}

{{/* Whether the HorizontalPodAutoscaler decides the replicas. */}}
{{- define "aurelis.autoscaling" -}}
{{- $ha := include "aurelis.ha" . | fromYaml -}}
{{- $profile := include "aurelis.profile" . | fromYaml -}}
{{- $profileHa := $profile.high_availability | default dict -}}
{{- if kindIs "bool" .Values.autoscaling.enabled -}}
{{- .Values.autoscaling.enabled -}}
{{- else if hasKey $profileHa "auto_scaling" -}}
{{- $profileHa.auto_scaling -}}
{{- else -}}
{{- $ha.auto_scaling | default false -}}
{{- end -}}
{{- end -}}

{{/* Fixed replicas: .Values.replicas, else the environment's high_availability.replicas, else min_replicas, else replicaCount. */}}
{{- define "aurelis.replicas" -}}
{{- $ha := include "aurelis.ha" . | fromYaml -}}
{{- $profile := include "aurelis.profile" . | fromYaml -}}
{{- $profileHa := $profile.high_availability | default dict -}}
{{- .Values.replicas | default $profileHa.replicas | default $ha.min_replicas | default .Values.replicaCount | int -}}
{{- end -}}

{{/* Whether KEDA scales on the business-hours schedule (it then owns the HorizontalPodAutoscaler). */}}
{{- define "aurelis.scheduledScaling" -}}
{{- and .Values.scheduledScaling.enabled (eq (include "aurelis.autoscaling" .) "true") -}}
{{- end -}}

{{/* Spot nodes per cloud: the label each provider puts on them and the taint it sets (docs/operations.md). */}}
{{- define "aurelis.spotNodes" -}}
{{- $p := .Values.spot.provider -}}
{{- if eq $p "aws" -}}
label: { key: eks.amazonaws.com/capacityType, value: SPOT }
{{- else if eq $p "gcp" -}}
label: { key: cloud.google.com/gke-spot, value: "true" }
taint: { key: cloud.google.com/gke-spot, value: "true" }
{{- else if eq $p "azure" -}}
label: { key: kubernetes.azure.com/scalesetpriority, value: spot }
taint: { key: kubernetes.azure.com/scalesetpriority, value: spot }
{{- end -}}
{{- end -}}

{{- define "aurelis.minReplicas" -}}
{{- $ha := include "aurelis.ha" . | fromYaml -}}
{{- .Values.autoscaling.minReplicas | default $ha.min_replicas | default (include "aurelis.replicas" .) | int -}}
{{- end -}}

{{- define "aurelis.maxReplicas" -}}
{{- $ha := include "aurelis.ha" . | fromYaml -}}
{{- .Values.autoscaling.maxReplicas | default $ha.max_replicas | default (include "aurelis.minReplicas" .) | int -}}
{{- end -}}

{{/* The most pods that may run at once; several need an external PostgreSQL. */}}
{{- define "aurelis.mostReplicas" -}}
{{- if eq (include "aurelis.autoscaling" .) "true" -}}{{ include "aurelis.maxReplicas" . }}{{- else -}}{{ include "aurelis.replicas" . }}{{- end -}}
{{- end -}}

{{- define "aurelis.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}{{ .Values.serviceAccount.name | default (include "aurelis.fullname" .) }}{{- else -}}{{ .Values.serviceAccount.name | default "default" }}{{- end -}}
{{- end -}}

{{- define "aurelis.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end -}}

{{/* The pod template, shared by the Deployment and the Argo Rollout. */}}
{{- define "aurelis.podTemplate" -}}
metadata:
  labels:
    {{- include "aurelis.selectorLabels" . | nindent 4 }}
    app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
    environment: {{ include "aurelis.environment" . }}
    {{- with .Values.podLabels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  annotations:
    checksum/config: {{ include (print $.Template.BasePath "/configmap.yaml") . | sha256sum }}
    prometheus.io/scrape: "true"
    prometheus.io/port: "8080"
    prometheus.io/path: /metrics
    {{- with .Values.podAnnotations }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  serviceAccountName: {{ include "aurelis.serviceAccountName" . }}
  automountServiceAccountToken: false
  {{- with .Values.imagePullSecrets }}
  imagePullSecrets:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  securityContext:
    {{- toYaml .Values.podSecurityContext | nindent 4 }}
  terminationGracePeriodSeconds: {{ add .Values.shutdown.readinessDelaySeconds .Values.shutdown.drainTimeoutSeconds 15 }}
  affinity:
    podAntiAffinity:
      {{- if eq .Values.podAntiAffinity "required" }}
      # cluster_mode: never two replicas on one node
      requiredDuringSchedulingIgnoredDuringExecution:
        - topologyKey: kubernetes.io/hostname
          labelSelector:
            matchLabels:
              {{- include "aurelis.selectorLabels" . | nindent 14 }}
      {{- else }}
      preferredDuringSchedulingIgnoredDuringExecution:
        - weight: 100
          podAffinityTerm:
            topologyKey: kubernetes.io/hostname
            labelSelector:
              matchLabels:
                {{- include "aurelis.selectorLabels" . | nindent 16 }}
      {{- end }}
    {{- if .Values.spot.enabled }}
    {{- $spot := include "aurelis.spotNodes" . | fromYaml }}
    nodeAffinity:
      {{- if .Values.spot.fallbackToOnDemand }}
      # spot nodes first; on-demand ones take the pods when no spot capacity is left
      preferredDuringSchedulingIgnoredDuringExecution:
        - weight: 100
          preference:
            matchExpressions:
              - { key: {{ $spot.label.key }}, operator: In, values: [{{ $spot.label.value | quote }}] }
      {{- else }}
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms:
          - matchExpressions:
              - { key: {{ $spot.label.key }}, operator: In, values: [{{ $spot.label.value | quote }}] }
      {{- end }}
    {{- end }}
  {{- with .Values.topologySpreadConstraints }}
  topologySpreadConstraints:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .Values.nodeSelector }}
  nodeSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- $spotTaint := (include "aurelis.spotNodes" . | fromYaml).taint }}
  {{- if or .Values.tolerations (and .Values.spot.enabled $spotTaint) }}
  tolerations:
    {{- with .Values.tolerations }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
    {{- if and .Values.spot.enabled $spotTaint }}
    - { key: {{ $spotTaint.key }}, operator: Equal, value: {{ $spotTaint.value | quote }}, effect: NoSchedule }
    {{- end }}
  {{- end }}
  containers:
    - name: aurelis
      image: {{ include "aurelis.image" . }}
      imagePullPolicy: {{ .Values.image.pullPolicy }}
      args: ["serve"]
      ports:
        - name: http
          containerPort: 8080
          protocol: TCP
      env:
        - name: AURELIS_CONFIG
          value: /etc/aurelis/enterprise.aurelis.yaml
        - name: AURELIS_ENVIRONMENT
          value: {{ include "aurelis.environment" . | quote }}
        - name: AURELIS_DATA_DIR
          value: /var/lib/aurelis
        - name: AURELIS_SHUTDOWN_READINESS_DELAY
          value: "{{ .Values.shutdown.readinessDelaySeconds }}s"
        - name: AURELIS_SHUTDOWN_DRAIN_TIMEOUT
          value: "{{ .Values.shutdown.drainTimeoutSeconds }}s"
        {{- if and .Values.ingress.enabled .Values.ingress.tls }}
        # the ingress terminates TLS and speaks plain HTTP to the pods (docs/operations.md#encryption-in-transit-tls)
        - name: AURELIS_TLS_TERMINATION
          value: ingress
        {{- end }}
        {{- if .Values.database.url }}
        - name: AURELIS_DB_URL
          value: {{ .Values.database.url | quote }}
        - name: AURELIS_DB_USER
          value: {{ .Values.database.user | quote }}
        {{- with .Values.database.passwordSecret }}
        - name: AURELIS_DB_PASSWORD
          valueFrom:
            secretKeyRef: { name: {{ .secret }}, key: {{ .key }} }
        {{- end }}
        {{- end }}
        {{- if .Values.redis.urlSecret }}
        - name: AURELIS_REDIS_URL
          valueFrom:
            secretKeyRef: { name: {{ .Values.redis.urlSecret.secret }}, key: {{ .Values.redis.urlSecret.key }} }
        {{- else if .Values.redis.url }}
        - name: AURELIS_REDIS_URL
          value: {{ .Values.redis.url | quote }}
        {{- end }}
        {{- if .Values.backup.location }}
        - name: AURELIS_BACKUP_LOCATION
          value: {{ .Values.backup.location | quote }}
        {{- else if .Values.backup.persistence.enabled }}
        - name: AURELIS_BACKUP_LOCATION
          value: /var/lib/aurelis-backups
        {{- end }}
        {{- with .Values.backup.s3 }}
        {{- if .endpoint }}
        - name: AURELIS_BACKUP_S3_ENDPOINT
          value: {{ .endpoint | quote }}
        {{- end }}
        {{- if .region }}
        - name: AURELIS_BACKUP_S3_REGION
          value: {{ .region | quote }}
        {{- end }}
        {{- if .pathStyle }}
        - name: AURELIS_BACKUP_S3_PATH_STYLE
          value: "true"
        {{- end }}
        {{- with .credentialsSecret }}
        - name: AURELIS_BACKUP_S3_ACCESS_KEY
          valueFrom:
            secretKeyRef: { name: {{ .secret }}, key: {{ .accessKeyKey }} }
        - name: AURELIS_BACKUP_S3_SECRET_KEY
          valueFrom:
            secretKeyRef: { name: {{ .secret }}, key: {{ .secretKeyKey }} }
        {{- end }}
        {{- end }}
        {{- with .Values.metrics.tokenSecret }}
        - name: AURELIS_METRICS_TOKEN
          valueFrom:
            secretKeyRef: { name: {{ .secret }}, key: {{ .key }}, optional: true }
        {{- end }}
        {{- range $name, $ref := .Values.secretEnv }}
        - name: {{ $name }}
          valueFrom:
            secretKeyRef:
              name: {{ $ref.secret }}
              key: {{ $ref.key }}
              optional: {{ $ref.optional | default false }}
        {{- end }}
        {{- range $name, $value := .Values.extraEnv }}
        - name: {{ $name }}
          value: {{ $value | quote }}
        {{- end }}
      resources:
        {{- toYaml .Values.resources | nindent 8 }}
      startupProbe:
        httpGet: { path: /ready, port: http }
        {{- toYaml .Values.probes.startup | nindent 8 }}
      livenessProbe:
        httpGet: { path: {{ .Values.probes.liveness.path | default "/health" }}, port: http }
        {{- toYaml (omit .Values.probes.liveness "path") | nindent 8 }}
      readinessProbe:
        httpGet: { path: /ready, port: http }
        {{- toYaml .Values.probes.readiness | nindent 8 }}
      securityContext:
        {{- toYaml .Values.securityContext | nindent 8 }}
      volumeMounts:
        - { name: config, mountPath: /etc/aurelis, readOnly: true }
        - { name: data, mountPath: /var/lib/aurelis }
        - { name: tmp, mountPath: /tmp }
        {{- if and .Values.backup.persistence.enabled (not .Values.backup.location) }}
        - { name: backups, mountPath: /var/lib/aurelis-backups }
        {{- end }}
  volumes:
    - name: config
      configMap:
        name: {{ include "aurelis.fullname" . }}-config
    - name: data
      {{- if .Values.persistence.enabled }}
      persistentVolumeClaim:
        claimName: {{ include "aurelis.fullname" . }}-data
      {{- else }}
      emptyDir: {}
      {{- end }}
    - name: tmp
      emptyDir: {}
    {{- if and .Values.backup.persistence.enabled (not .Values.backup.location) }}
    - name: backups
      persistentVolumeClaim:
        claimName: {{ include "aurelis.fullname" . }}-backups
    {{- end }}
{{- end -}}
