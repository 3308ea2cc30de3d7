// Kubernetes protobuf request bodies (kubectl ≥ 1.32) decoded to the JSON a JSON client sends.
export {
  decodeKubeProtobuf,
  isKubeProtobuf,
  isKubeProtobufKindSupported,
  KUBE_PROTOBUF_CONTENT_TYPE,
  KubeProtobufError,
  type DecodedKubeObject,
} from './decode';
