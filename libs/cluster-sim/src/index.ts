export * from './bootstrap/system-namespaces';
