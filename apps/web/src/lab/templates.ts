// Starting points for the editor, one per kind. Those marked "seed" are the manifests of the
// course notes (../shared/seed/examples), as learners meet them there.

export interface Template {
  name: string;
  kind: string;
  yaml: string;
  note?: string;
}

export const TEMPLATES: Template[] = [
  {
    name: 'Deployment',
    kind: 'Deployment',
    yaml: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels:\n    app: web\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.27\n        ports:\n        - containerPort: 80\n        resources:\n          requests:\n            cpu: 100m\n            memory: 64Mi\n',
    note: '',
  },
  {
    name: 'Service (ClusterIP)',
    kind: 'Service',
    yaml: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 80\n    targetPort: 80\n',
    note: '',
  },
  {
    name: 'Service (NodePort, seed 02)',
    kind: 'Service',
    yaml: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: webapp-service\nspec:\n  type: NodePort\n  selector:\n    app: webapp\n  ports:\n    - protocol: TCP\n      port: 3000\n      targetPort: 3000\n      nodePort: 30100\n',
    note: '',
  },
  {
    name: 'Pod',
    kind: 'Pod',
    yaml: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: hello\n  labels:\n    app: hello\nspec:\n  restartPolicy: Never\n  containers:\n  - name: main\n    image: busybox:1.36\n    command: ["sh", "-c", "echo hello from the lab; sleep 3600"]\n',
    note: '',
  },
  {
    name: 'ConfigMap (seed 06)',
    kind: 'ConfigMap',
    yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: game-demo\ndata:\n  # property-like keys; each key maps to a simple value\n  player_initial_lives: "3"\n  ui_properties_file_name: "user-interface.properties"\n\n  # file-like keys\n  game.properties: |\n    enemy.types=aliens,monsters\n    player.maximum-lives=5\n  user-interface.properties: |\n    color.good=purple\n    color.bad=yellow\n    allow.textmode=true\n',
    note: '',
  },
  {
    name: 'Secret (seed 07)',
    kind: 'Secret',
    yaml: 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: demo-secret\ntype: Opaque\ndata:\n  username: YWRtaW4=\n  password: cGFzc3dvcmQ=\n',
    note: '',
  },
  {
    name: 'Namespace',
    kind: 'Namespace',
    yaml: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n',
    note: '',
  },
  {
    name: 'Ingress (networking.k8s.io/v1)',
    kind: 'Ingress',
    yaml: 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  rules:\n  - http:\n      paths:\n      - path: /\n        pathType: Prefix\n        backend:\n          service:\n            name: web\n            port:\n              number: 80\n',
    note: 'Ingresses arrive with the second part of the simulation',
  },
  {
    name: 'PersistentVolumeClaim (seed 10)',
    kind: 'PersistentVolumeClaim',
    yaml: 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: my-pvc\nspec:\n  accessModes:\n    - ReadWriteOnce    # Can be mounted as read-write by a single node\n  resources:\n    requests:\n      storage: 10Gi    # Requesting 10GB of storage\n  storageClassName: standard  # What kind of storage to use\n',
    note: '',
  },
  {
    name: 'Deployment with a PVC (seed 12)',
    kind: 'Deployment',
    yaml: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: counter\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: counter\n  template:\n    metadata:\n      labels:\n        app: counter\n    spec:\n      containers:\n      - name: counter\n        image: "kahootali/counter:1.1"\n        # Mount volume to container path\n        volumeMounts:\n        - name: counter\n          mountPath: /app/\n      # Declare the volume\n      volumes:\n      - name: counter\n        persistentVolumeClaim:\n          claimName: counter\n',
    note: '',
  },
  {
    name: 'StatefulSet (seed 04)',
    kind: 'StatefulSet',
    yaml: 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: counter\nspec:\n  serviceName: "counter-app"\n  selector:\n    matchLabels:\n      app: counter\n  replicas: 1\n  template:\n    metadata:\n      labels:\n        app: counter\n    spec:\n      containers:\n      - name: counter\n        image: "kahootali/counter:1.1"\n        volumeMounts:\n        - name: counter\n          mountPath: /app/\n  volumeClaimTemplates:\n  - metadata:\n      name: counter\n    spec:\n      accessModes: [ "ReadWriteMany" ]\n      storageClassName: efs\n      resources:\n        requests:\n          storage: 50Mi\n',
    note: '',
  },
  {
    name: 'DaemonSet (seed 05)',
    kind: 'DaemonSet',
    yaml: 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: counter-app\nspec:\n  selector:\n    matchLabels:\n      app: counter\n  template:\n    metadata:\n      name: counter-app\n      labels:\n        app: counter\n    spec:\n      tolerations:\n      - effect: NoSchedule\n        operator: Exists\n      containers:\n      - name: counter\n        image: "kahootali/counter:1.1"\n        volumeMounts:\n        - name: counter\n          mountPath: /app/\n      volumes:\n      - name: counter\n        persistentVolumeClaim:\n          claimName: counter\n---\napiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: counter\nspec:\n  accessModes:\n  - ReadWriteMany\n  resources:\n    requests:\n      storage: 50Mi\n  storageClassName: efs\n',
    note: '',
  },
  {
    name: 'CronJob (seed 09, fixed)',
    kind: 'CronJob',
    yaml: 'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: helloworld\nspec:\n  schedule: "*/15 * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers:\n            - name: task\n              image: busybox\n              command:\n                - /bin/sh\n                - -c\n                - date; echo \'Hello World from Cronitor.io\';\n',
    note: '',
  },
];
